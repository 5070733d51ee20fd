using Earshot.Engines.Imaging;

namespace Earshot.Engines.PaddleOcr;

/// <summary>Packs text-line crops into an NCHW batch the classifier and recogniser take: BGR, scaled to [-1, 1],
/// each line resized to the model height keeping its aspect (capped at the batch width), right-padded with zeros.</summary>
internal static class LineTensor
{
    public const int Height = 48;

    public static int ScaledWidth(RgbImage line) => Math.Max(1, (int)Math.Ceiling(Height * (double)line.Width / line.Height));

    public static float[] Build(IReadOnlyList<RgbImage> lines, int batchWidth)
    {
        var plane = Height * batchWidth;
        var tensor = new float[lines.Count * 3 * plane];
        for (var n = 0; n < lines.Count; n++)
        {
            var resized = lines[n].Resize(Math.Min(batchWidth, ScaledWidth(lines[n])), Height);
            var batchOffset = n * 3 * plane;
            for (var y = 0; y < Height; y++)
            {
                for (var x = 0; x < resized.Width; x++)
                {
                    var pixel = (y * resized.Width + x) * 3;
                    for (var c = 0; c < 3; c++)
                        tensor[batchOffset + c * plane + y * batchWidth + x] = resized.Pixels[pixel + 2 - c] / 127.5f - 1f;
                }
            }
        }
        return tensor;
    }
}
