using Earshot.Engines.Imaging;
using Earshot.Sdk;

namespace Earshot.Engines.PaddleOcr;

/// <summary>Cuts a text quad out of the page with a perspective warp, so the line reads left to right, upright.</summary>
internal static class QuadCropper
{
    /// <summary>Lines this much taller than wide are taken as vertical text and turned a quarter.</summary>
    private const double VerticalAspect = 1.5;

    public static RgbImage Crop(RgbImage image, Quad quad)
    {
        var width = Math.Max(1, (int)Math.Round(Math.Max(Distance(quad.LeftTop, quad.RightTop), Distance(quad.LeftBottom, quad.RightBottom))));
        var height = Math.Max(1, (int)Math.Round(Math.Max(Distance(quad.LeftTop, quad.LeftBottom), Distance(quad.RightTop, quad.RightBottom))));
        var homography = Homography.FromRectangle(width, height, [quad.LeftTop, quad.RightTop, quad.RightBottom, quad.LeftBottom]);

        var pixels = new byte[width * height * 3];
        Span<float> rgb = stackalloc float[3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var source = homography.Map(x, y);
                image.Sample(source.X, source.Y, rgb);
                var offset = (y * width + x) * 3;
                for (var c = 0; c < 3; c++)
                    pixels[offset + c] = (byte)Math.Clamp(rgb[c] + 0.5f, 0, 255);
            }
        }
        var crop = new RgbImage(width, height, pixels);
        return height >= width * VerticalAspect ? crop.RotateCounterClockwise() : crop;
    }

    private static double Distance(Point a, Point b) => Math.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));
}
