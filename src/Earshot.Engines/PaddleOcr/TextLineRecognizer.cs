using System.Text;
using Earshot.Engines.Imaging;
using Microsoft.ML.OnnxRuntime;

namespace Earshot.Engines.PaddleOcr;

/// <summary>CRNN/SVTR line recogniser with greedy CTC decoding.</summary>
internal sealed class TextLineRecognizer
{
    /// <summary>PaddleOCR pads every batch to at least this width (its training shape 3×48×320).</summary>
    private const int MinBatchWidth = 320;

    private readonly InferenceSession _session;
    private readonly string _inputName;
    private readonly string _outputName;
    private readonly int _batchSize;

    /// <summary>Class 0 is the CTC blank, then the key file's characters, then a space.</summary>
    private readonly string[] _classes;

    public TextLineRecognizer(InferenceSession session, IEnumerable<string> keys, int batchSize)
    {
        _session = session;
        _inputName = session.InputMetadata.Keys.Single();
        _outputName = session.OutputMetadata.Keys.First();
        _batchSize = Math.Max(1, batchSize);
        _classes = ["", .. keys.Select(FoldFullWidth), " "];
        var modelClasses = session.OutputMetadata[_outputName].Dimensions[^1];
        if (modelClasses > 0 && modelClasses != _classes.Length)
            throw new InvalidDataException($"Recogniser outputs {modelClasses} classes but the key file gives {_classes.Length} (with blank and space).");
    }

    public (string Text, double Confidence)[] Recognize(IReadOnlyList<RgbImage> lines, CancellationToken cancellationToken)
    {
        var results = new (string, double)[lines.Count];
        // Similar widths together waste less padding.
        var order = Enumerable.Range(0, lines.Count).OrderBy(i => (double)lines[i].Width / lines[i].Height).ToArray();
        using var runOptions = new RunOptions();
        for (var start = 0; start < order.Length; start += _batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var indices = order.Skip(start).Take(_batchSize).ToArray();
            var batch = indices.Select(i => lines[i]).ToList();
            var width = Math.Max(MinBatchWidth, batch.Max(LineTensor.ScaledWidth));
            var input = LineTensor.Build(batch, width);
            using var inputValue = OrtValue.CreateTensorValueFromMemory(input, [batch.Count, 3, LineTensor.Height, width]);
            using var outputs = _session.Run(runOptions, new Dictionary<string, OrtValue> { [_inputName] = inputValue }, [_outputName]);
            var shape = outputs[0].GetTensorTypeAndShape().Shape;
            var (steps, classes) = ((int)shape[1], (int)shape[2]);
            var probabilities = outputs[0].GetTensorDataAsSpan<float>();
            for (var n = 0; n < batch.Count; n++)
                results[indices[n]] = Decode(probabilities.Slice(n * steps * classes, steps * classes), steps, classes);
        }
        return results;
    }

    /// <summary>The Chinese key list also has full-width Latin letters and digits; readers want the ASCII ones
    /// (full-width punctuation is kept, it is right in Chinese text).</summary>
    private static string FoldFullWidth(string key) =>
        key.Length == 1 && char.IsAsciiLetterOrDigit((char)(key[0] - 0xFEE0)) && key[0] > 0xFEE0 ? ((char)(key[0] - 0xFEE0)).ToString() : key;

    /// <summary>Best class per step; repeats collapse and blanks vanish. Confidence is the mean probability of the kept characters.</summary>
    private (string Text, double Confidence) Decode(ReadOnlySpan<float> probabilities, int steps, int classes)
    {
        var text = new StringBuilder();
        double confidenceSum = 0;
        var kept = 0;
        var previous = -1;
        for (var t = 0; t < steps; t++)
        {
            var row = probabilities.Slice(t * classes, classes);
            var best = 0;
            for (var c = 1; c < classes; c++)
                if (row[c] > row[best])
                    best = c;
            if (best != 0 && best != previous)
            {
                text.Append(_classes[best]);
                confidenceSum += row[best];
                kept++;
            }
            previous = best;
        }
        return (text.ToString(), kept == 0 ? 0 : confidenceSum / kept);
    }
}
