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
/// while its speaker speaks, so decoders (≈ 90 MB each) follow concurrent speech, not open connections. A decoder that
/// decoded something else since this stream last had it is primed first (<see cref="NativeDecoder.Prime"/>), so an
/// utterance does not depend on what others decoded; the stream asks for the decoder it had before, and when it gets it
/// back untouched it goes on without priming, exactly as a batch decode goes from one utterance to the next.
/// </summary>
internal sealed class PooledDecoders(DecoderPool pool, TimeSpan wait) : IDecoderSource
{
    private DecoderLease? lease;
    private NativeDecoder? last;

    public NativeDecoder Acquire()
    {
        lease = pool.TryRent(wait, last)
            ?? throw new TimeoutException($"No speech decoder came free within {wait.TotalSeconds:0.#} s (all {pool.Size} are decoding other streams).");
        var decoder = lease.Decoder;
        if (decoder.LastUser != this)
        {
            decoder.Prime();
            decoder.LastUser = this;
        }
        last = decoder;
        return decoder;
    }

    public void Release(NativeDecoder decoder)
    {
        lease?.Dispose();
        lease = null;
    }
}
