using Earshot.Engines.Imaging;
using Earshot.Sdk;
using Microsoft.ML.OnnxRuntime;

namespace Earshot.Engines.PaddleOcr;

/// <summary>DBNet text detection: a per-pixel text probability map turned into rotated boxes around text lines.</summary>
internal sealed class TextDetector(InferenceSession session, PaddleOcrOptions options)
{
    private const int MinShortSide = 3;
    private static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] StdDev = [0.229f, 0.224f, 0.225f];

    private readonly string _inputName = session.InputMetadata.Keys.Single();
    private readonly string _outputName = session.OutputMetadata.Keys.First();

    public List<Quad> Detect(RgbImage image)
    {
        var (width, height) = InputSize(image.Width, image.Height);
        var resized = image.Resize(width, height);
        var input = ToTensor(resized);
        using var inputValue = OrtValue.CreateTensorValueFromMemory(input, [1, 3, height, width]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, new Dictionary<string, OrtValue> { [_inputName] = inputValue }, [_outputName]);
        var probabilities = outputs[0].GetTensorDataAsSpan<float>().ToArray();

        var mask = new bool[probabilities.Length];
        for (var i = 0; i < mask.Length; i++)
            mask[i] = probabilities[i] > options.BinaryThreshold;

        var scaleX = (double)image.Width / width;
        var scaleY = (double)image.Height / height;
        var quads = new List<Quad>();
        foreach (var component in ConnectedComponents.RowExtremes(mask, width, height, options.MaxCandidates))
        {
            var rectangle = PolygonGeometry.MinimumAreaRectangle(component);
            if (rectangle.ShortSide < MinShortSide)
                continue;
            if (MeanInside(probabilities, width, height, rectangle) < options.BoxThreshold)
                continue;
            var expanded = rectangle.Expand(rectangle.Area * options.UnclipRatio / rectangle.Perimeter);
            if (expanded.ShortSide < MinShortSide + 2)
                continue;
            quads.Add(expanded.ToQuad(scaleX, scaleY, image.Width - 1, image.Height - 1));
        }
        return quads;
    }

    private (int Width, int Height) InputSize(int width, int height)
    {
        var ratio = Math.Max(width, height) > options.DetectionMaxSide ? (double)options.DetectionMaxSide / Math.Max(width, height) : 1;
        static int RoundTo32(double side) => Math.Max(32, (int)Math.Round(side / 32) * 32);
        return (RoundTo32(width * ratio), RoundTo32(height * ratio));
    }

    /// <summary>NCHW in BGR order with ImageNet statistics, as PaddleOCR feeds OpenCV images.</summary>
    private static float[] ToTensor(RgbImage image)
    {
        var plane = image.Width * image.Height;
        var tensor = new float[3 * plane];
        for (var i = 0; i < plane; i++)
        {
            for (var c = 0; c < 3; c++)
                tensor[c * plane + i] = (image.Pixels[i * 3 + (2 - c)] / 255f - Mean[c]) / StdDev[c];
        }
        return tensor;
    }

    private static double MeanInside(float[] probabilities, int width, int height, RotatedRectangle rectangle)
    {
        var corners = rectangle.Corners();
        var left = Math.Max(0, (int)Math.Floor(corners.Min(p => p.X)));
        var right = Math.Min(width - 1, (int)Math.Ceiling(corners.Max(p => p.X)));
        var top = Math.Max(0, (int)Math.Floor(corners.Min(p => p.Y)));
        var bottom = Math.Min(height - 1, (int)Math.Ceiling(corners.Max(p => p.Y)));
        double sum = 0;
        var count = 0;
        for (var y = top; y <= bottom; y++)
        {
            for (var x = left; x <= right; x++)
            {
                if (!PolygonGeometry.Contains(corners, new Point(x, y), 0.5))
                    continue;
                sum += probabilities[y * width + x];
                count++;
            }
        }
        return count == 0 ? 0 : sum / count;
    }
}
