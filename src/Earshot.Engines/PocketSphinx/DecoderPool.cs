using System.Diagnostics;

namespace Earshot.Engines.PocketSphinx;

/// <summary>
/// Hands out at most <c>size</c> decoders at once. Decoders are created on first demand (each ps_init loads its own
/// copy of the models, so the cost is paid once per decoder, never per request) and reused afterwards, so the pool only
/// grows to the most decoders ever used at the same time, or is filled ahead of demand by <see cref="WarmUp"/>.
/// </summary>
internal sealed class DecoderPool : IDisposable
{
    private readonly Func<NativeDecoder> create;
    private readonly SemaphoreSlim available;
    private readonly List<NativeDecoder> idle = [];
    private readonly Lock idleGate = new();
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
        AddIdle(first);
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

    /// <summary>A decoder, or null when none came free within <paramref name="timeout"/>; <paramref name="preferred"/> when it is idle.</summary>
    public DecoderLease? TryRent(TimeSpan timeout, NativeDecoder? preferred = null)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return available.Wait(timeout) ? TakeAfterWait(preferred) : null;
    }

    /// <summary>
    /// Creates idle decoders until <paramref name="count"/> (at most the pool's size) have been created, one at a time,
    /// so that the first users after start-up do not wait for ps_init. A user who needs a decoder meanwhile gets the next
    /// one finished. Returns the decoders created so far.
    /// </summary>
    public int WarmUp(int count, CancellationToken cancellationToken)
    {
        count = Math.Min(count, Size);
        while (!cancellationToken.IsCancellationRequested && !disposed)
        {
            lock (creation)
            {
                if (loadTimes.Count >= count)
                    break;
                var decoder = CreateDecoder();
                if (disposed)
                    decoder.Dispose();
                else
                    AddIdle(decoder);
            }
        }
        return LoadTimes.Count;
    }

    private DecoderLease TakeAfterWait(NativeDecoder? preferred = null)
    {
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (TryTakeIdle(preferred) is { } decoder)
                return new DecoderLease(this, decoder);
            // Another may be under construction (WarmUp): wait for it rather than start a second ps_init beside it.
            lock (creation)
                return new DecoderLease(this, TryTakeIdle(preferred) ?? CreateDecoder());
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
            AddIdle(decoder);
        available.Release();
    }

    private void AddIdle(NativeDecoder decoder)
    {
        lock (idleGate)
            idle.Add(decoder);
    }

    /// <summary><paramref name="preferred"/> if idle, otherwise the decoder returned last (its memory most likely still in cache).</summary>
    private NativeDecoder? TryTakeIdle(NativeDecoder? preferred)
    {
        lock (idleGate)
        {
            if (idle.Count == 0)
                return null;
            var index = preferred is null ? -1 : idle.IndexOf(preferred);
            if (index < 0)
                index = idle.Count - 1;
            var decoder = idle[index];
            idle.RemoveAt(index);
            return decoder;
        }
    }

    public void Dispose()
    {
        disposed = true;
        lock (idleGate)
        {
            foreach (var decoder in idle)
                decoder.Dispose();
            idle.Clear();
        }
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
