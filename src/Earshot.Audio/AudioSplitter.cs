using System.Globalization;
using Earshot.Sdk;
using Earshot.Sdk.Models;

namespace Earshot.Audio;

/// <summary>The seed's split_audio: cuts a recording into clips at caller-given intervals (seconds).</summary>
public static class AudioSplitter
{
    /// <summary>
    /// One clip per interval, in the order given. Ends past the audio are clamped to its end. Throws
    /// <see cref="ArgumentException"/> naming every bad interval: not finite, negative start, end ≤ start,
    /// a start at or past the end of the audio, or less than one sample long (nothing to cut).
    /// </summary>
    public static IReadOnlyList<AudioBuffer> SplitByIntervals(AudioBuffer audio, IReadOnlyList<TimeSpan2> intervals)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentNullException.ThrowIfNull(intervals);
        Validate(audio, intervals);
        return intervals.Select(interval => Cut(audio, interval)).ToList();
    }

    /// <summary>
    /// Writes each clip as a 16-bit WAV named <c>{uuid}.wav</c> into <paramref name="directory"/> (created if missing) and
    /// returns the paths in interval order. Validation happens before anything is written; on failure or cancellation the
    /// clips already written are deleted.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SplitToFilesAsync(
        AudioBuffer audio, IReadOnlyList<TimeSpan2> intervals, string directory, CancellationToken cancellationToken)
    {
        var clips = SplitByIntervals(audio, intervals);
        Directory.CreateDirectory(directory);
        var paths = new List<string>(clips.Count);
        try
        {
            foreach (var clip in clips)
            {
                var path = Path.Combine(directory, $"{Guid.NewGuid()}.wav");
                paths.Add(path);
                await WavFile.WriteAsync(path, clip, cancellationToken);
            }
            return paths;
        }
        catch
        {
            foreach (var path in paths)
                File.Delete(path);
            throw;
        }
    }

    /// <summary>Sample index nearest to a time, clamped to the buffer.</summary>
    internal static int ToSample(AudioBuffer audio, double seconds) =>
        (int)Math.Clamp(Math.Round(seconds * audio.SampleRate, MidpointRounding.AwayFromZero), 0, audio.Samples.Length);

    private static AudioBuffer Cut(AudioBuffer audio, TimeSpan2 interval)
    {
        var from = ToSample(audio, interval.Start);
        var to = Math.Max(from, ToSample(audio, interval.End));
        return new AudioBuffer(audio.Samples[from..to], audio.SampleRate);
    }

    private static void Validate(AudioBuffer audio, IReadOnlyList<TimeSpan2> intervals)
    {
        var problems = new List<string>();
        for (var i = 0; i < intervals.Count; i++)
        {
            var (start, end) = (intervals[i].Start, intervals[i].End);
            var problem =
                !double.IsFinite(start) || !double.IsFinite(end) ? "is not finite"
                : start < 0 ? "starts before 0"
                : end <= start ? "ends at or before its start"
                : ToSample(audio, start) >= audio.Samples.Length ? $"starts at or after the end of the audio ({Format(audio.DurationSeconds)} s)"
                : ToSample(audio, end) <= ToSample(audio, start) ? "is shorter than one sample"
                : null;
            if (problem is not null)
                problems.Add($"#{i} [{Format(start)}, {Format(end)}] {problem}");
        }
        if (problems.Count > 0)
            throw new ArgumentException($"Invalid intervals: {string.Join("; ", problems)}.", nameof(intervals));
    }

    private static string Format(double seconds) => seconds.ToString("0.###", CultureInfo.InvariantCulture);
}
