namespace Earshot.Engines.SileroVad;

public enum VadEventKind
{
    SpeechStarted,
    SpeechEnded,
}

/// <summary>A change of state in a live stream, at a time in seconds from the stream's first sample (padding applied).</summary>
public readonly record struct VadEvent(VadEventKind Kind, double Seconds);

/// <summary>Feeds live PCM through Silero VAD and reports speech starts and ends as they become certain: a start once
/// the speech has outlasted MinSpeech (so short clicks never start), an end once MinSilence of silence has passed.
/// With MinSilence at least twice SpeechPad (the defaults) the spans equal what DetectSpeech returns for the whole audio.
/// One instance per stream; not thread-safe.</summary>
public sealed class SileroVadStream : IDisposable
{
    private readonly SileroVadRunner _runner;
    private readonly SpeechSegmenter _segmenter;
    private readonly int _sampleRate;
    private readonly long _pad;
    private readonly float[] _window;
    private int _buffered;
    private long _openStart = -1;

    internal SileroVadStream(SileroVadRunner runner, SileroVadOptions options, int sampleRate)
    {
        _runner = runner;
        _sampleRate = sampleRate;
        _window = new float[runner.WindowSamples];
        _segmenter = new SpeechSegmenter(options, sampleRate, runner.WindowSamples);
        _pad = SpeechSegmenter.Samples(options.SpeechPad, sampleRate);
    }

    /// <summary>True between a SpeechStarted event and its SpeechEnded.</summary>
    public bool InSpeech => _openStart >= 0;

    /// <summary>Seconds of audio accepted so far.</summary>
    public double Position => (double)(_segmenter.Position + _buffered) / _sampleRate;

    /// <summary>Speech probability of the last full window processed.</summary>
    public float LastProbability { get; private set; }

    public IReadOnlyList<VadEvent> Accept(ReadOnlySpan<short> samples)
    {
        var events = new List<VadEvent>();
        foreach (var sample in samples)
        {
            _window[_buffered++] = sample / 32768f;
            if (_buffered == _window.Length)
            {
                _buffered = 0;
                Step(_window.Length, events);
            }
        }
        return events;
    }

    /// <summary>Ends the stream: the partial last window is processed and open speech ends at the last sample.</summary>
    public IReadOnlyList<VadEvent> Finish()
    {
        var events = new List<VadEvent>();
        if (_buffered > 0)
        {
            Array.Clear(_window, _buffered, _window.Length - _buffered);
            var real = _buffered;
            _buffered = 0;
            Step(real, events);
        }
        if (_segmenter.Finish() is { } last)
            Report(last, events);
        return events;
    }

    public void Dispose() => _runner.Dispose();

    private void Step(int realSamples, List<VadEvent> events)
    {
        LastProbability = _runner.Process(_window);
        var step = _segmenter.Push(LastProbability, realSamples);
        if (step.Closed is { } closed)
        {
            Report(closed, events);
        }
        else if (step.ConfirmedStart is { } start)
        {
            _openStart = start;
            events.Add(new VadEvent(VadEventKind.SpeechStarted, Seconds(Math.Max(0, start - _pad))));
        }
    }

    private void Report(SampleSpan span, List<VadEvent> events)
    {
        if (_openStart < 0)
            events.Add(new VadEvent(VadEventKind.SpeechStarted, Seconds(Math.Max(0, span.Start - _pad))));
        events.Add(new VadEvent(VadEventKind.SpeechEnded, Seconds(Math.Min(_segmenter.Position, span.End + _pad))));
        _openStart = -1;
    }

    private double Seconds(long samples) => (double)samples / _sampleRate;
}
