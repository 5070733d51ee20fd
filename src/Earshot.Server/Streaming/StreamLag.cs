namespace Earshot.Server.Streaming;

/// <summary>
/// How far one stream's recognition is behind real time: the backlog a client sending in real time would have built
/// up. Each piece of audio adds the time spent processing it and takes away its own length (a server keeping up stays
/// at zero); time spent waiting for the client drains it, because then nothing is queued.
/// </summary>
public sealed class StreamLag(TimeProvider time)
{
    private readonly Lock _lock = new();
    private double _lag;
    private long _lastEnd = time.GetTimestamp();
    private bool _started;

    /// <summary>Audio seconds recorded so far.</summary>
    public double AudioSeconds { get; private set; }

    /// <summary>Records a piece of <paramref name="audioSeconds"/> whose processing began at <paramref name="startedAt"/> (a <see cref="TimeProvider"/> timestamp) and ends now.</summary>
    public void Record(double audioSeconds, long startedAt)
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            var waited = _started ? Math.Max(0, time.GetElapsedTime(_lastEnd, startedAt).TotalSeconds) : 0;
            var processing = time.GetElapsedTime(startedAt, now).TotalSeconds;
            _lag = Math.Max(0, Math.Max(0, _lag - waited) + processing - audioSeconds);
            _lastEnd = now;
            _started = true;
            AudioSeconds += audioSeconds;
        }
    }

    /// <summary>The backlog now, in seconds: what was last measured, less the time since, in which the stream waited for audio.</summary>
    public double Seconds
    {
        get
        {
            lock (_lock)
                return Math.Max(0, _lag - time.GetElapsedTime(_lastEnd).TotalSeconds);
        }
    }
}
