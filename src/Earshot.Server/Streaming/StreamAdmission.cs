using Microsoft.Extensions.Options;

namespace Earshot.Server.Streaming;

/// <summary>Counts open streams against <see cref="StreamingOptions.MaxStreams"/>.</summary>
public sealed class StreamAdmission(IOptions<StreamingOptions> options)
{
    private int _open;

    public int Open => Volatile.Read(ref _open);

    public int Limit => options.Value.MaxStreams;

    /// <summary>Takes a slot, or returns null when all are taken. Dispose the slot when the stream ends.</summary>
    public IDisposable? TryEnter()
    {
        while (true)
        {
            var open = Volatile.Read(ref _open);
            if (open >= Limit)
                return null;
            if (Interlocked.CompareExchange(ref _open, open + 1, open) == open)
                return new Slot(this);
        }
    }

    private sealed class Slot(StreamAdmission owner) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                Interlocked.Decrement(ref owner._open);
        }
    }
}
