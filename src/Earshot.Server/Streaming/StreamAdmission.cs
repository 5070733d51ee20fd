using Microsoft.Extensions.Options;

namespace Earshot.Server.Streaming;

/// <summary>
/// Admits live streams: at most <see cref="StreamingOptions.MaxStreams"/> in all and <see cref="StreamingOptions.MaxStreamsPerUser"/>
/// per user, and none while an open stream is more than <see cref="StreamingOptions.MaxLagSeconds"/> behind real time
/// (the streams already open are using all the CPU there is).
/// </summary>
public sealed class StreamAdmission(IOptions<StreamingOptions> options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly List<Slot> _open = [];
    private int _handling;

    public int Open
    {
        get { lock (_lock) return _open.Count; }
    }

    public int Limit => options.Value.MaxStreams;

    /// <summary>Stream requests not yet fully handled, including streams whose slot is free but whose recording is still being saved.</summary>
    public int Handling => Volatile.Read(ref _handling);

    /// <summary>The lag of every open stream, for monitoring (and tests).</summary>
    public IReadOnlyList<StreamLag> OpenLags
    {
        get { lock (_lock) return _open.Select(s => s.Lag).ToList(); }
    }

    /// <summary>Counts a stream request from its start to its very end; dispose when the handler returns.</summary>
    public IDisposable BeginHandling()
    {
        Interlocked.Increment(ref _handling);
        return new Release(() => Interlocked.Decrement(ref _handling));
    }

    /// <summary>Takes a slot for <paramref name="ownerId"/>, or says why not (the reason the client gets with 1013).</summary>
    public (StreamSlot? Slot, string? Refusal) TryEnter(Guid ownerId)
    {
        var settings = options.Value;
        lock (_lock)
        {
            if (_open.Count >= settings.MaxStreams)
                return (null, "server overloaded");
            var mine = _open.Count(s => s.Owner == ownerId);
            if (mine >= settings.MaxStreamsPerUser)
                return (null, $"server overloaded: you already have {mine} streams open, the most one user may");
            var behind = _open.Count == 0 ? 0 : _open.Max(s => s.Lag.Seconds);
            if (behind > settings.MaxLagSeconds)
                return (null, $"server overloaded: open streams are {behind:0.0} s behind real time");
            var slot = new Slot(this, ownerId, new StreamLag(time));
            _open.Add(slot);
            return (slot, null);
        }
    }

    private void Leave(Slot slot)
    {
        lock (_lock)
            _open.Remove(slot);
    }

    private sealed class Slot(StreamAdmission owner, Guid ownerId, StreamLag lag) : StreamSlot(lag)
    {
        private int _released;

        public Guid Owner { get; } = ownerId;

        public override void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                owner.Leave(this);
        }
    }

    private sealed class Release(Action release) : IDisposable
    {
        public void Dispose() => release();
    }
}

/// <summary>An admitted stream's place; the session records its lag here. Dispose when the stream ends.</summary>
public abstract class StreamSlot(StreamLag lag) : IDisposable
{
    public StreamLag Lag { get; } = lag;

    public abstract void Dispose();
}
