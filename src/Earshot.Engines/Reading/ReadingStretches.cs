using Earshot.Sdk;
using Earshot.Sdk.Models;

namespace Earshot.Engines.Reading;

/// <summary>A stretch of a long recording, in samples (end exclusive).</summary>
public readonly record struct SampleRange(int Start, int End)
{
    public int Length => End - Start;
}

/// <summary>
/// Cuts a long recording into stretches of bounded length at pauses, so that each can be assessed like a sentence: the
/// longest pause the voice activity detector found between <see cref="PageReadingOptions.MinStretchSeconds"/> and
/// <see cref="PageReadingOptions.MaxStretchSeconds"/> after the previous cut, else (continuous speech, or no detector)
/// the quietest 100 ms there.
/// </summary>
public static class ReadingStretches
{
    private const double QuietWindowSeconds = 0.1;

    /// <param name="speech">Stretches of speech in seconds (a voice activity detector's); null cuts by loudness alone.</param>
    public static IReadOnlyList<SampleRange> Cut(AudioBuffer audio, IReadOnlyList<TimeSpan2>? speech, PageReadingOptions options)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentNullException.ThrowIfNull(options);
        var rate = audio.SampleRate;
        var length = audio.Samples.Length;
        var min = (int)(options.MinStretchSeconds * rate);
        var max = (int)(options.MaxStretchSeconds * rate);
        var pauses = Pauses(speech ?? [], rate, length);
        var ranges = new List<SampleRange>();
        var position = 0;
        while (length - position > max)
        {
            var (low, high) = (position + min, position + max);
            var pause = pauses.Where(p => Middle(p) >= low && Middle(p) <= high).OrderByDescending(p => p.Length).ThenBy(p => p.Start)
                .Cast<SampleRange?>().FirstOrDefault();
            var cut = pause is { } found ? Middle(found) : Quietest(audio.Samples, low, high, (int)(QuietWindowSeconds * rate));
            ranges.Add(new SampleRange(position, cut));
            position = cut;
        }
        if (position < length)
            ranges.Add(new SampleRange(position, length));
        return ranges;
    }

    private static int Middle(SampleRange r) => r.Start + r.Length / 2;

    /// <summary>The gaps between the stretches of speech, in samples.</summary>
    private static List<SampleRange> Pauses(IReadOnlyList<TimeSpan2> speech, int rate, int length)
    {
        var pauses = new List<SampleRange>();
        for (var i = 0; i + 1 < speech.Count; i++)
        {
            var start = Math.Clamp((int)(speech[i].End * rate), 0, length);
            var end = Math.Clamp((int)(speech[i + 1].Start * rate), 0, length);
            if (end > start)
                pauses.Add(new SampleRange(start, end));
        }
        return pauses;
    }

    /// <summary>The middle of the window of <paramref name="window"/> samples with the least energy whose middle lies
    /// between <paramref name="low"/> and <paramref name="high"/>.</summary>
    private static int Quietest(short[] samples, int low, int high, int window)
    {
        var step = Math.Max(1, window / 10);
        var best = (low + high) / 2;
        var bestEnergy = double.MaxValue;
        for (var middle = low; middle <= high; middle += step)
        {
            var from = Math.Max(0, middle - window / 2);
            var to = Math.Min(samples.Length, middle + window / 2);
            var energy = 0.0;
            for (var i = from; i < to; i++)
                energy += (double)samples[i] * samples[i];
            if (energy < bestEnergy)
                (best, bestEnergy) = (middle, energy);
        }
        return best;
    }
}
