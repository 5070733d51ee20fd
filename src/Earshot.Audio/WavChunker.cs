namespace Earshot.Audio;

/// <summary>A stretch of samples [Start, End) of a recording.</summary>
public readonly record struct SampleRange(long Start, long End)
{
    public long Length => End - Start;
}

/// <summary>
/// Plans how to analyse a long WAV file piece by piece: cuts near every <c>chunkSeconds</c>, each moved back to the
/// quietest 200 ms within <c>searchSeconds</c> before the nominal boundary so a cut falls in a pause rather than a word.
/// Only the search windows are read from disk, so planning costs the same memory for an hour as for a minute.
/// </summary>
public static class WavChunker
{
    private const double FrameSeconds = 0.01;
    private const int QuietFrames = 20;

    /// <returns>Consecutive ranges covering the whole file, none longer than <paramref name="chunkSeconds"/>.</returns>
    public static IReadOnlyList<SampleRange> Plan(string path, double chunkSeconds, double searchSeconds)
    {
        using var stream = File.OpenRead(path);
        return Plan(stream, WavFile.ReadInfo(stream), chunkSeconds, searchSeconds);
    }

    public static IReadOnlyList<SampleRange> Plan(Stream stream, WavInfo info, double chunkSeconds, double searchSeconds)
    {
        if (!(chunkSeconds > 0))
            throw new ArgumentOutOfRangeException(nameof(chunkSeconds), chunkSeconds, "Must be positive.");
        if (!(searchSeconds >= 0))
            throw new ArgumentOutOfRangeException(nameof(searchSeconds), searchSeconds, "Must be ≥ 0.");
        var chunk = Math.Max(1, (long)(chunkSeconds * info.SampleRate));
        var search = Math.Min((long)(searchSeconds * info.SampleRate), chunk / 2);
        var ranges = new List<SampleRange>();
        long start = 0;
        while (info.SampleCount - start > chunk)
        {
            var target = start + chunk;
            var cut = search > 0 ? QuietestPoint(stream, info, target - search, (int)search) : target;
            ranges.Add(new SampleRange(start, cut));
            start = cut;
        }
        ranges.Add(new SampleRange(start, info.SampleCount));
        return ranges;
    }

    /// <summary>The centre of the quietest 200 ms (or the whole window when shorter) inside [from, from + length).</summary>
    private static long QuietestPoint(Stream stream, WavInfo info, long from, int length)
    {
        var samples = WavFile.ReadRange(stream, info, from, length).Samples;
        var frame = Math.Max(1, (int)(info.SampleRate * FrameSeconds));
        var rms = Loudness.ShortTermRms(samples, frame, frame);
        if (rms.Length == 0)
            return from + length;
        var span = Math.Min(QuietFrames, rms.Length);
        double sum = 0;
        for (var i = 0; i < span; i++)
            sum += rms[i];
        var best = sum;
        var bestStart = 0;
        for (var i = span; i < rms.Length; i++)
        {
            sum += rms[i] - rms[i - span];
            if (sum <= best)
            {
                best = sum;
                bestStart = i - span + 1;
            }
        }
        return Math.Min(from + length, from + (bestStart + span / 2) * (long)frame);
    }
}
