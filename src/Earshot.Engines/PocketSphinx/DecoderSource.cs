namespace Earshot.Engines.PocketSphinx;

/// <summary>Where an <see cref="UtteranceSession"/> gets the decoder for each utterance it decodes.</summary>
internal interface IDecoderSource
{
    /// <exception cref="TimeoutException">No decoder came free in time.</exception>
    NativeDecoder Acquire();

    void Release(NativeDecoder decoder);
}

/// <summary>One decoder for the whole session: batch requests, which set its search before they start.</summary>
internal sealed class HeldDecoder(NativeDecoder decoder) : IDecoderSource
{
    public NativeDecoder Acquire() => decoder;

    public void Release(NativeDecoder decoder) { }
}

/// <summary>
/// A decoder from the pool for each utterance, given back when the utterance ends: a stream holds a decoder only
/// while its speaker speaks, so decoders (≈ 90 MB each) follow concurrent speech, not open connections. Each one is
/// primed first (<see cref="NativeDecoder.Prime"/>), so an utterance does not depend on what its decoder decoded before.
/// </summary>
internal sealed class PooledDecoders(DecoderPool pool, TimeSpan wait) : IDecoderSource
{
    private DecoderLease? lease;

    public NativeDecoder Acquire()
    {
        lease = pool.TryRent(wait)
            ?? throw new TimeoutException($"No speech decoder came free within {wait.TotalSeconds:0.#} s (all {pool.Size} are decoding other streams).");
        lease.Decoder.Prime();
        return lease.Decoder;
    }

    public void Release(NativeDecoder decoder)
    {
        lease?.Dispose();
        lease = null;
    }
}
