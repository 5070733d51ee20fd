using System.Collections.Concurrent;
using System.Diagnostics;

namespace Earshot.Engines.PocketSphinx;

/// <summary>
/// Hands out at most <c>size</c> decoders at once. Decoders are created on first demand (each ps_init loads its own
/// copy of the models, so the cost is paid once per decoder, never per request) and reused afterwards, so the pool only
/// grows to the most decoders ever used at the same time.
/// </summary>
internal sealed class DecoderPool : IDisposable
{
    private readonly Func<NativeDecoder> create;
    private readonly SemaphoreSlim available;
    private readonly ConcurrentBag<NativeDecoder> idle = [];
    private readonly Lock creation = new();
    private readonly List<TimeSpan> loadTimes = [];
    private volatile bool disposed;
    private int waiting;

    public DecoderPool(Func<NativeDecoder> create, int size)
    {
        this.create = create;
        Size = size;
        available = new SemaphoreSlim(size, size);
        var first = CreateDecoder(); // fail fast on a bad model, and measure one load
        DetectorSettings = first.DetectorSettings;
        idle.Add(first);
    }

    /// <summary>Most decoders on loan at once.</summary>
    public int Size { get; }

    /// <summary>Decoders on loan now.</summary>
    public int InUse => Size - available.CurrentCount;

    /// <summary>The decoders' front-end parameters (all share one acoustic model), for sessions' speech detectors.</summary>
    public SpeechDetectorSettings DetectorSettings { get; }

    /// <summary>How long each ps_init took, in creation order.</summary>
    public IReadOnlyList<TimeSpan> LoadTimes
    {
        get { lock (creation) return [.. loadTimes]; }
    }

    /// <summary>Callers blocked until a decoder comes free.</summary>
    public int Waiting => Volatile.Read(ref waiting);

    public async Task<DecoderLease> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (!available.Wait(0))
        {
            Interlocked.Increment(ref waiting);
            try
            {
                await available.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref waiting);
            }
        }
        return TakeAfterWait();
    }

    public DecoderLease Rent()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (!available.Wait(0))
        {
            Interlocked.Increment(ref waiting);
            try
            {
                available.Wait();
            }
            finally
            {
                Interlocked.Decrement(ref waiting);
            }
        }
        return TakeAfterWait();
    }

    /// <summary>A decoder, or null when none came free within <paramref name="timeout"/>.</summary>
    public DecoderLease? TryRent(TimeSpan timeout)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return available.Wait(timeout) ? TakeAfterWait() : null;
    }

    private DecoderLease TakeAfterWait()
    {
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return new DecoderLease(this, idle.TryTake(out var decoder) ? decoder : CreateDecoder());
        }
        catch
        {
            available.Release();
            throw;
        }
    }

    private NativeDecoder CreateDecoder()
    {
        lock (creation)
        {
            var watch = Stopwatch.StartNew();
            var decoder = create();
            loadTimes.Add(watch.Elapsed);
            return decoder;
        }
    }

    internal void Return(NativeDecoder decoder)
    {
        if (disposed || decoder.Faulted)
            decoder.Dispose();
        else
            idle.Add(decoder);
        available.Release();
    }

    public void Dispose()
    {
        disposed = true;
        while (idle.TryTake(out var decoder))
            decoder.Dispose();
    }
}

/// <summary>A decoder on loan; disposing gives it back (or frees it if it faulted).</summary>
internal sealed class DecoderLease(DecoderPool pool, NativeDecoder decoder) : IDisposable
{
    private int returned;

    public NativeDecoder Decoder { get; } = decoder;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref returned, 1) == 0)
            pool.Return(Decoder);
    }
}
