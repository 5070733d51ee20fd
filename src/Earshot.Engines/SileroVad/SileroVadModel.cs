using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Earshot.Engines.SileroVad;

/// <summary>The Silero VAD ONNX graph, read from its metadata: audio "input" [batch, samples], optional "sr" (int64),
/// and recurrent state, either one "state" [2, batch, 128] (v5, which also wants the previous window's last 64 samples
/// in front of each window) or "h"/"c" (v4). One session, shared; each caller runs its own <see cref="SileroVadRunner"/>.</summary>
internal sealed class SileroVadModel : IDisposable
{
    private readonly InferenceSession _session;

    public SileroVadModel(string path, int threads)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Silero VAD model missing: {path}", path);
        using var options = new SessionOptions
        {
            IntraOpNumThreads = Math.Max(1, threads),
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        _session = new InferenceSession(path, options);

        var inputs = _session.InputMetadata;
        AudioInput = inputs.Single(i => i.Value.ElementDataType == TensorElementType.Float && i.Value.Dimensions.Length == 2).Key;
        RateInput = inputs.SingleOrDefault(i => i.Value.ElementDataType == TensorElementType.Int64).Key;
        StateInputs = inputs.Where(i => i.Key != AudioInput && i.Key != RateInput)
            .Select(i => (i.Key, i.Value.Dimensions.Select(d => d < 0 ? 1L : d).ToArray())).ToArray();
        var outputs = _session.OutputMetadata.Keys.ToArray();
        ProbabilityOutput = outputs[0];
        StateOutputs = outputs[1..];
        if (StateOutputs.Length != StateInputs.Length || StateInputs.Length == 0)
            throw new InvalidDataException($"Unexpected Silero VAD graph: inputs {string.Join(", ", inputs.Keys)}; outputs {string.Join(", ", outputs)}.");
    }

    public string AudioInput { get; }
    public string? RateInput { get; }
    public (string Name, long[] Shape)[] StateInputs { get; }
    public string ProbabilityOutput { get; }
    public string[] StateOutputs { get; }

    /// <summary>v5 folds LSTM h and c into one state input and is trained with context samples before each window.</summary>
    public bool UsesContext => StateInputs.Length == 1;

    public string Variant => UsesContext ? "v5" : "v4";

    public static int WindowSamples(int sampleRate) => sampleRate switch
    {
        16_000 => 512,
        8_000 => 256,
        _ => throw new ArgumentException($"Silero VAD takes 16 kHz or 8 kHz audio, not {sampleRate} Hz.", nameof(sampleRate)),
    };

    public SileroVadRunner CreateRunner(int sampleRate) => new(this, _session, sampleRate);

    public void Dispose() => _session.Dispose();
}
