namespace Earshot.Engines.PocketSphinx;

/// <summary>The most recent samples of a session, addressed by their absolute index, so an utterance can be
/// replayed from the point where the voice activity detector says it began.</summary>
internal sealed class SampleHistory(int capacity)
{
    private readonly short[] ring = new short[capacity];

    /// <summary>Index one past the newest sample.</summary>
    public long End { get; private set; }

    /// <summary>Index of the oldest sample still held.</summary>
    public long Start => Math.Max(0, End - ring.Length);

    public void Append(ReadOnlySpan<short> samples)
    {
        if (samples.Length > ring.Length)
        {
            End += samples.Length - ring.Length;
            samples = samples[^ring.Length..];
        }
        var position = (int)(End % ring.Length);
        var first = Math.Min(samples.Length, ring.Length - position);
        samples[..first].CopyTo(ring.AsSpan(position));
        samples[first..].CopyTo(ring);
        End += samples.Length;
    }

    /// <summary>Copies [from, End) into a new array; <paramref name="from"/> must be at or after <see cref="Start"/>.</summary>
    public short[] CopyFrom(long from)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(from, Start);
        var result = new short[End - from];
        var position = (int)(from % ring.Length);
        var first = Math.Min(result.Length, ring.Length - position);
        ring.AsSpan(position, first).CopyTo(result);
        ring.AsSpan(0, result.Length - first).CopyTo(result.AsSpan(first));
        return result;
    }
}
