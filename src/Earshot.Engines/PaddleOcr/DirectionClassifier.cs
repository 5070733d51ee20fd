using Earshot.Engines.Imaging;
using Microsoft.ML.OnnxRuntime;

namespace Earshot.Engines.PaddleOcr;

/// <summary>Tells upright text lines from upside-down ones (PaddleOCR's 0°/180° classifier).</summary>
internal sealed class DirectionClassifier(InferenceSession session, float threshold)
{
    private const int InputWidth = 192;
    private const int BatchSize = 16;

    private readonly string _inputName = session.InputMetadata.Keys.Single();
    private readonly string _outputName = session.OutputMetadata.Keys.First();

    /// <summary>True for each line the model is confident is upside down.</summary>
    public bool[] IsUpsideDown(IReadOnlyList<RgbImage> lines)
    {
        var result = new bool[lines.Count];
        using var runOptions = new RunOptions();
        for (var start = 0; start < lines.Count; start += BatchSize)
        {
            var batch = lines.Skip(start).Take(BatchSize).ToList();
            var input = LineTensor.Build(batch, InputWidth);
            using var inputValue = OrtValue.CreateTensorValueFromMemory(input, [batch.Count, 3, LineTensor.Height, InputWidth]);
            using var outputs = session.Run(runOptions, new Dictionary<string, OrtValue> { [_inputName] = inputValue }, [_outputName]);
            var scores = outputs[0].GetTensorDataAsSpan<float>();
            for (var i = 0; i < batch.Count; i++)
                result[start + i] = scores[2 * i + 1] > scores[2 * i] && scores[2 * i + 1] >= threshold;
        }
        return result;
    }
}
