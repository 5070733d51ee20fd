using Earshot.Engines.Imaging;
using Earshot.Sdk;
using Earshot.Sdk.Models;
using Microsoft.ML.OnnxRuntime;

namespace Earshot.Engines.PaddleOcr;

/// <summary>PP-OCRv4 on ONNX Runtime: DBNet line detection, 0°/180° classification, CTC line recognition.
/// One session per model, shared by all callers. Boxes are text lines (runs), not single words.</summary>
public sealed class PaddleOcrRecognizer : IImageTextRecognizer, IDisposable
{
    private readonly PaddleOcrOptions _options;
    private readonly ImageMagickDecoder _decoder;
    private readonly InferenceSession _detectorSession;
    private readonly InferenceSession _classifierSession;
    private readonly InferenceSession _recognizerSession;
    private readonly TextDetector _detector;
    private readonly DirectionClassifier _classifier;
    private readonly TextLineRecognizer _recognizer;

    public PaddleOcrRecognizer(PaddleOcrOptions options)
    {
        _options = options;
        string File(string name)
        {
            var path = Path.Combine(options.ModelsDirectory, name);
            return System.IO.File.Exists(path) ? path : throw new FileNotFoundException($"PP-OCR file missing: {path}", path);
        }
        var keys = System.IO.File.ReadAllLines(File(options.KeysFile));
        _decoder = new ImageMagickDecoder(options.ConvertPath);
        _detectorSession = CreateSession(File(options.DetectionModelFile), options.Threads);
        _classifierSession = CreateSession(File(options.ClassifierModelFile), options.Threads);
        _recognizerSession = CreateSession(File(options.RecognitionModelFile), options.Threads);
        _detector = new TextDetector(_detectorSession, options);
        _classifier = new DirectionClassifier(_classifierSession, options.DirectionThreshold);
        _recognizer = new TextLineRecognizer(_recognizerSession, keys, options.RecognitionBatchSize);
    }

    public static readonly ModelInfo DefaultInfo = new("ppocr", ModelKind.ImageTextRecognizer, ["en", "zh"],
        "PaddleOCR PP-OCRv4 (DBNet detector, direction classifier, CTC recogniser) on ONNX Runtime; boxes are text lines",
        "PP-OCRv4");

    public ModelInfo Info { get; init; } = DefaultInfo;

    public async Task<ImageText> RecognizeAsync(string imagePath, CancellationToken cancellationToken)
    {
        var image = await _decoder.DecodeAsync(imagePath, cancellationToken);
        return await Task.Run(() => Recognize(image, cancellationToken), cancellationToken);
    }

    public ImageText Recognize(RgbImage image, CancellationToken cancellationToken)
    {
        // A box squeezed against the border can lose its area; it has nothing to read.
        var quads = _detector.Detect(image).Where(q => Area(q) >= 4).ToList();
        if (quads.Count == 0)
            return ImageText.Empty;
        cancellationToken.ThrowIfCancellationRequested();

        var crops = quads.Select(q => QuadCropper.Crop(image, q)).ToArray();
        if (_options.UseDirectionClassifier)
        {
            var upsideDown = _classifier.IsUpsideDown(crops);
            for (var i = 0; i < crops.Length; i++)
                if (upsideDown[i])
                    crops[i] = crops[i].Rotate180();
        }
        cancellationToken.ThrowIfCancellationRequested();

        var recognized = _recognizer.Recognize(crops, cancellationToken);
        return ReadingOrder.Arrange(quads.Zip(recognized)
            .Where(r => r.Second.Text.Trim().Length > 0 && r.Second.Confidence >= _options.MinConfidence)
            .Select(r => (r.First, r.Second.Text.Trim(), r.Second.Confidence)));
    }

    private static double Area(Quad q)
    {
        Point[] p = [q.LeftTop, q.RightTop, q.RightBottom, q.LeftBottom];
        double twice = 0;
        for (var i = 0; i < 4; i++)
            twice += p[i].X * p[(i + 1) % 4].Y - p[(i + 1) % 4].X * p[i].Y;
        return Math.Abs(twice) / 2;
    }

    public void Dispose()
    {
        _detectorSession.Dispose();
        _classifierSession.Dispose();
        _recognizerSession.Dispose();
    }

    private static InferenceSession CreateSession(string path, int threads)
    {
        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = Math.Max(1, threads),
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        // Busy-waiting worker threads only steal CPU from concurrent requests on a small shared machine.
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return new InferenceSession(path, sessionOptions);
    }
}
