using Earshot.Sdk;
using Earshot.Sdk.Models;

namespace Earshot.Engines.SileroVad;

/// <summary>Silero VAD on ONNX Runtime. One session serves every caller; each call keeps its own recurrent state,
/// so calls are independent and may run concurrently.</summary>
public sealed class SileroVoiceActivityDetector : IVoiceActivityDetector, IDisposable
{
    private readonly SileroVadModel _model;

    public const string DefaultName = "silero-vad";

    public SileroVoiceActivityDetector(SileroVadOptions options, string name = DefaultName)
    {
        Options = options;
        _model = new SileroVadModel(options.ModelPath, options.Threads);
        Info = new ModelInfo(name, ModelKind.VoiceActivityDetector, [],
            $"Silero VAD {_model.Variant} on ONNX Runtime (language-independent); speech spans at {SileroVadModel.WindowSamples(AudioBuffer.CanonicalSampleRate) * 1000 / AudioBuffer.CanonicalSampleRate} ms resolution",
            $"1.0.3 npm (silero {_model.Variant})");
    }

    public ModelInfo Info { get; }

    public SileroVadOptions Options { get; }

    /// <summary>"v5" (single state input plus context samples) or "v4" (h and c), as read from the model file.</summary>
    public string ModelVariant => _model.Variant;

    public IReadOnlyList<TimeSpan2> DetectSpeech(AudioBuffer audio, CancellationToken cancellationToken)
    {
        var windowSamples = SileroVadModel.WindowSamples(audio.SampleRate);
        var segmenter = new SpeechSegmenter(Options, audio.SampleRate, windowSamples);
        var spans = new List<SampleSpan>();
        foreach (var (probability, realSamples) in Probabilities(audio, cancellationToken))
        {
            if (segmenter.Push(probability, realSamples).Closed is { } closed)
                spans.Add(closed);
        }
        if (segmenter.Finish() is { } last)
            spans.Add(last);
        return Pad(spans, audio.Samples.Length, SpeechSegmenter.Samples(Options.SpeechPad, audio.SampleRate))
            .Select(s => new TimeSpan2((double)s.Start / audio.SampleRate, (double)s.End / audio.SampleRate))
            .ToList();
    }

    /// <summary>Speech probability of each window (512 samples at 16 kHz, 256 at 8 kHz; the last one zero-padded).</summary>
    public IReadOnlyList<float> SpeechProbabilities(AudioBuffer audio, CancellationToken cancellationToken) =>
        Probabilities(audio, cancellationToken).Select(p => p.Probability).ToList();

    /// <summary>An incremental detector for live audio; give each stream its own.</summary>
    public SileroVadStream OpenStream(int sampleRate = AudioBuffer.CanonicalSampleRate) =>
        new(_model.CreateRunner(sampleRate), Options, sampleRate);

    public void Dispose() => _model.Dispose();

    private IEnumerable<(float Probability, int RealSamples)> Probabilities(AudioBuffer audio, CancellationToken cancellationToken)
    {
        using var runner = _model.CreateRunner(audio.SampleRate);
        var window = new float[runner.WindowSamples];
        var samples = audio.Samples;
        for (var start = 0; start < samples.Length; start += window.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(window.Length, samples.Length - start);
            for (var i = 0; i < window.Length; i++)
                window[i] = i < count ? samples[start + i] / 32768f : 0f;
            yield return (runner.Process(window), count);
        }
    }

    /// <summary>Silero's padding: widen each span, but split a gap shorter than two pads between its neighbours.</summary>
    private static List<SampleSpan> Pad(List<SampleSpan> spans, long length, long pad)
    {
        var result = spans.ToArray();
        for (var i = 0; i < result.Length; i++)
        {
            if (i == 0)
                result[i] = result[i] with { Start = Math.Max(0, result[i].Start - pad) };
            if (i == result.Length - 1)
            {
                result[i] = result[i] with { End = Math.Min(length, result[i].End + pad) };
                continue;
            }
            var gap = result[i + 1].Start - result[i].End;
            var widen = gap < 2 * pad ? gap / 2 : pad;
            result[i] = result[i] with { End = Math.Min(length, result[i].End + widen) };
            result[i + 1] = result[i + 1] with { Start = Math.Max(0, result[i + 1].Start - widen) };
        }
        return [.. result];
    }
}
