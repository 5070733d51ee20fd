using Microsoft.ML.OnnxRuntime;

namespace Earshot.Engines.SileroVad;

/// <summary>One audio stream's pass through the shared model: its own recurrent state, context samples and
/// pinned input/output buffers, reused for every window. Not thread-safe; make one per call or stream.</summary>
internal sealed class SileroVadRunner : IDisposable
{
    private readonly InferenceSession _session;
    private readonly int _contextSamples;
    private readonly float[] _audio;
    private readonly float[][] _stateIn;
    private readonly float[][] _stateOut;
    private readonly float[] _probability = new float[1];
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly OrtValue[] _inputValues;
    private readonly OrtValue[] _outputValues;
    private readonly RunOptions _runOptions = new();

    public SileroVadRunner(SileroVadModel model, InferenceSession session, int sampleRate)
    {
        _session = session;
        WindowSamples = SileroVadModel.WindowSamples(sampleRate);
        _contextSamples = model.UsesContext ? WindowSamples / 8 : 0;
        _audio = new float[_contextSamples + WindowSamples];

        _stateIn = model.StateInputs.Select(s => new float[s.Shape.Aggregate(1L, (a, b) => a * b)]).ToArray();
        _stateOut = _stateIn.Select(s => new float[s.Length]).ToArray();

        var inputNames = new List<string> { model.AudioInput };
        var inputValues = new List<OrtValue> { OrtValue.CreateTensorValueFromMemory(_audio, [1, _audio.Length]) };
        if (model.RateInput is { } rate)
        {
            inputNames.Add(rate);
            inputValues.Add(OrtValue.CreateTensorValueFromMemory(new long[] { sampleRate }, []));
        }
        for (var i = 0; i < _stateIn.Length; i++)
        {
            inputNames.Add(model.StateInputs[i].Name);
            inputValues.Add(OrtValue.CreateTensorValueFromMemory(_stateIn[i], model.StateInputs[i].Shape));
        }
        _inputNames = [.. inputNames];
        _inputValues = [.. inputValues];
        _outputNames = [model.ProbabilityOutput, .. model.StateOutputs];
        _outputValues =
        [
            OrtValue.CreateTensorValueFromMemory(_probability, [1, 1]),
            .. _stateOut.Select((s, i) => OrtValue.CreateTensorValueFromMemory(s, model.StateInputs[i].Shape)),
        ];
    }

    public int WindowSamples { get; }

    /// <summary>Speech probability of the next window of exactly <see cref="WindowSamples"/> samples in [-1, 1).</summary>
    public float Process(ReadOnlySpan<float> window)
    {
        if (window.Length != WindowSamples)
            throw new ArgumentException($"Expected {WindowSamples} samples, got {window.Length}.", nameof(window));
        window.CopyTo(_audio.AsSpan(_contextSamples));
        _session.Run(_runOptions, _inputNames, _inputValues, _outputNames, _outputValues);
        for (var i = 0; i < _stateIn.Length; i++)
            _stateOut[i].CopyTo(_stateIn[i], 0);
        // The end of this window is the context in front of the next one.
        _audio.AsSpan(_audio.Length - _contextSamples).CopyTo(_audio);
        return _probability[0];
    }

    public void Dispose()
    {
        foreach (var value in _inputValues.Concat(_outputValues))
            value.Dispose();
        _runOptions.Dispose();
    }
}
