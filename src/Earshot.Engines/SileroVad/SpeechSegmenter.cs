namespace Earshot.Engines.SileroVad;

/// <summary>A stretch of speech in samples, before padding.</summary>
internal readonly record struct SampleSpan(long Start, long End);

/// <summary>What one window did to the segmentation.</summary>
/// <param name="ConfirmedStart">Start of the open stretch of speech, now certain to outlast MinSpeech (reported once).</param>
/// <param name="Closed">A stretch of speech ended (and is long enough to keep).</param>
internal readonly record struct SegmenterStep(long? ConfirmedStart, SampleSpan? Closed);

/// <summary>Silero's get_speech_timestamps hysteresis, fed one window probability at a time, so the batch detector
/// and the streaming helper segment identically: speech starts at a window reaching Threshold, ends where windows
/// fell below NegativeThreshold and stayed there for MinSilence; stretches not longer than MinSpeech are dropped.</summary>
internal sealed class SpeechSegmenter(SileroVadOptions options, int sampleRate, int windowSamples)
{
    private readonly long _minSpeech = Samples(options.MinSpeech, sampleRate);
    private readonly long _minSilence = Samples(options.MinSilence, sampleRate);
    private readonly float _threshold = options.Threshold;
    private readonly float _negativeThreshold = options.EffectiveNegativeThreshold;

    private long _position;
    private bool _triggered;
    private bool _confirmed;
    private long _start;
    private long _silenceStart = -1;

    /// <summary>Samples pushed so far, counting only real ones (the zero padding of a last short window is not).</summary>
    public long Position { get; private set; }

    /// <param name="realSamples">How many of the window's samples were audio rather than end padding.</param>
    public SegmenterStep Push(float probability, int realSamples)
    {
        var window = _position;
        _position += windowSamples;
        Position += realSamples;

        if (probability >= _threshold && _silenceStart >= 0)
            _silenceStart = -1;
        if (probability >= _threshold && !_triggered)
        {
            (_triggered, _confirmed, _start) = (true, false, window);
            return new SegmenterStep(Confirm(window + realSamples), null);
        }
        if (_triggered && probability < _negativeThreshold)
        {
            if (_silenceStart < 0)
                _silenceStart = window;
            if (window - _silenceStart >= _minSilence)
                return new SegmenterStep(null, Close(_silenceStart));
        }
        return new SegmenterStep(Confirm(window + realSamples), null);
    }

    /// <summary>Ends the audio: open speech runs to its last sample.</summary>
    public SampleSpan? Finish() => _triggered ? Close(Position) : null;

    /// <summary>The stretch will end no earlier than the pending silence start, or the end of this window;
    /// once that is past MinSpeech it cannot be dropped any more.</summary>
    private long? Confirm(long earliestEnd)
    {
        if (!_triggered || _confirmed)
            return null;
        var end = _silenceStart >= 0 ? _silenceStart : earliestEnd;
        _confirmed = end - _start > _minSpeech;
        return _confirmed ? _start : null;
    }

    private SampleSpan? Close(long end)
    {
        var span = new SampleSpan(_start, end);
        (_triggered, _confirmed, _silenceStart) = (false, false, -1);
        return span.End - span.Start > _minSpeech ? span : null;
    }

    internal static long Samples(TimeSpan duration, int sampleRate) => (long)(duration.TotalSeconds * sampleRate);
}
