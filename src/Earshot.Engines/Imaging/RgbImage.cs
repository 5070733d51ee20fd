namespace Earshot.Engines.Imaging;

/// <summary>An 8-bit RGB raster, pixels interleaved row by row.</summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (pixels.Length != width * height * 3)
            throw new ArgumentException($"Expected {width * height * 3} bytes for {width}x{height} RGB, got {pixels.Length}.", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }
    public byte[] Pixels { get; }

    public static RgbImage Filled(int width, int height, byte value)
    {
        var pixels = new byte[width * height * 3];
        Array.Fill(pixels, value);
        return new RgbImage(width, height, pixels);
    }

    public byte this[int x, int y, int channel] => Pixels[(y * Width + x) * 3 + channel];

    /// <summary>Bilinear sample at a continuous position (pixel centres on integers), edges replicated.</summary>
    public void Sample(double x, double y, Span<float> rgb)
    {
        x = Math.Clamp(x, 0, Width - 1);
        y = Math.Clamp(y, 0, Height - 1);
        var x0 = (int)x;
        var y0 = (int)y;
        var stepX = x0 < Width - 1 ? 3 : 0;
        var stepY = y0 < Height - 1 ? Width * 3 : 0;
        var fx = (float)(x - x0);
        var fy = (float)(y - y0);
        var offset = (y0 * Width + x0) * 3;
        var pixels = Pixels;
        for (var c = 0; c < 3; c++, offset++)
        {
            float topLeft = pixels[offset], topRight = pixels[offset + stepX];
            float bottomLeft = pixels[offset + stepY], bottomRight = pixels[offset + stepY + stepX];
            var top = topLeft + (topRight - topLeft) * fx;
            var bottom = bottomLeft + (bottomRight - bottomLeft) * fx;
            rgb[c] = top + (bottom - top) * fy;
        }
    }

    /// <summary>Resizes with area averaging when shrinking and bilinear interpolation when enlarging (separably per axis).</summary>
    public RgbImage Resize(int width, int height)
    {
        if (width == Width && height == Height)
            return this;
        var columns = Resampling.Contributions(Width, width);
        var rows = Resampling.Contributions(Height, height);

        var horizontal = new float[Height * width * 3];
        for (var y = 0; y < Height; y++)
        {
            var sourceRow = y * Width * 3;
            var targetRow = y * width * 3;
            for (var x = 0; x < width; x++)
            {
                float r = 0, g = 0, b = 0;
                foreach (var (index, weight) in columns[x])
                {
                    var offset = sourceRow + index * 3;
                    r += Pixels[offset] * weight;
                    g += Pixels[offset + 1] * weight;
                    b += Pixels[offset + 2] * weight;
                }
                horizontal[targetRow + x * 3] = r;
                horizontal[targetRow + x * 3 + 1] = g;
                horizontal[targetRow + x * 3 + 2] = b;
            }
        }

        var result = new byte[width * height * 3];
        var rowLength = width * 3;
        var accumulator = new float[rowLength];
        for (var y = 0; y < height; y++)
        {
            Array.Clear(accumulator);
            foreach (var (index, weight) in rows[y])
            {
                var sourceRow = index * rowLength;
                for (var i = 0; i < rowLength; i++)
                    accumulator[i] += horizontal[sourceRow + i] * weight;
            }
            var targetRow = y * rowLength;
            for (var i = 0; i < rowLength; i++)
                result[targetRow + i] = (byte)Math.Clamp(accumulator[i] + 0.5f, 0, 255);
        }
        return new RgbImage(width, height, result);
    }

    public RgbImage Rotate180()
    {
        var result = new byte[Pixels.Length];
        var count = Width * Height;
        for (var i = 0; i < count; i++)
            Pixels.AsSpan(i * 3, 3).CopyTo(result.AsSpan((count - 1 - i) * 3, 3));
        return new RgbImage(Width, Height, result);
    }

    /// <summary>Quarter turn counter-clockwise: the right edge becomes the top.</summary>
    public RgbImage RotateCounterClockwise()
    {
        var result = new byte[Pixels.Length];
        for (var y = 0; y < Height; y++)
            for (var x = 0; x < Width; x++)
                Pixels.AsSpan((y * Width + x) * 3, 3).CopyTo(result.AsSpan(((Width - 1 - x) * Height + y) * 3, 3));
        return new RgbImage(Height, Width, result);
    }
}
