using Earshot.Sdk;
using Earshot.Sdk.Models;

namespace Earshot.Audio;

/// <summary>One piece cut by <see cref="SilenceSplitter"/>.</summary>
/// <param name="Interval">What the clip covers, padding included (seconds).</param>
/// <param name="Speech">The sound inside it, without padding. A neighbour whose <c>Speech</c> starts exactly where this one
/// ends was separated by a forced cut, not by a silence.</param>
/// <param name="Audio">The samples of <paramref name="Interval"/>.</param>
public sealed record SilenceSegment(TimeSpan2 Interval, TimeSpan2 Speech, AudioBuffer Audio);

/// <summary>
/// The seed's split_silence: cuts a recording only where it is silent, into segments no longer than a maximum,
/// with 50 ms of padding around each.
/// </summary>
/// <remarks>
/// Levels are measured on 10 ms frames. A frame is silent when its RMS is below <c>silenceThresholdFraction</c> × the file's
/// peak sample (its maximum volume), or below an absolute floor, so a recording of nothing but faint noise has no segments.
/// Silences shorter than <c>minSilenceSeconds</c> (stop closures, breaths between syllables) do not count as cut points;
/// silence at the start and end of the file is dropped. Consecutive sounds are packed greedily into one segment while the
/// padded segment stays within <c>maxSegmentSeconds</c>; the silences between packed sounds stay inside the segment.
/// When a single stretch without a usable silence is longer than the maximum it has to be cut inside the sound: the cut goes
/// through the centre of the quietest 10 ms frame in the second half of the allowed length (so no piece is shorter than half
/// the maximum, save the last), and the two sides get no padding at that cut.
/// Padding never reaches outside the audio and never past the middle of the silence shared with a neighbour, so padded
/// segments never overlap.
/// </remarks>
public static class SilenceSplitter
{
    public const double DefaultPaddingSeconds = 0.05;

    /// <param name="audio">Mono PCM.</param>
    /// <param name="maxSegmentSeconds">Longest clip, padding included; at least 2 × padding + 40 ms.</param>
    /// <param name="silenceThresholdFraction">In (0, 1): silence is quieter than this share of the file's peak.</param>
    /// <param name="minSilenceSeconds">Shortest silence that may separate segments.</param>
    /// <param name="paddingSeconds">Kept around each segment (the seed's 50 ms buffer).</param>
    /// <param name="silenceFloorDbfs">Frames below this absolute level are always silent.</param>
    public static IReadOnlyList<SilenceSegment> Split(
        AudioBuffer audio,
        double maxSegmentSeconds,
        double silenceThresholdFraction,
        double minSilenceSeconds = 0.2,
        double paddingSeconds = DefaultPaddingSeconds,
        double silenceFloorDbfs = -60)
    {
        ArgumentNullException.ThrowIfNull(audio);
        if (!(silenceThresholdFraction is > 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(silenceThresholdFraction), silenceThresholdFraction, "Must lie in (0, 1).");
        if (!(minSilenceSeconds >= 0) || !(paddingSeconds >= 0))
            throw new ArgumentOutOfRangeException(nameof(minSilenceSeconds), "Silence length and padding must be ≥ 0.");
        if (!(maxSegmentSeconds >= 2 * paddingSeconds + 0.04))
            throw new ArgumentOutOfRangeException(nameof(maxSegmentSeconds), maxSegmentSeconds, "Must be at least 2 × padding + 40 ms.");

        var frameLength = Math.Max(1, audio.SampleRate / 100);
        var frameRms = Loudness.ShortTermRms(audio.Samples, frameLength, frameLength);
        var threshold = Math.Max(silenceThresholdFraction * Loudness.Peak(audio.Samples), Loudness.DbfsToFraction(silenceFloorDbfs));
        var silent = frameRms.Select(rms => rms < threshold).ToArray();
        var minSilenceFrames = Math.Max(1, (int)Math.Round(minSilenceSeconds * 100));

        var padding = (int)Math.Round(paddingSeconds * audio.SampleRate);
        var maxSpeech = (int)Math.Floor(maxSegmentSeconds * audio.SampleRate) - 2 * padding;
        var sounds = FindSounds(silent, minSilenceFrames)
            .Select(run => (Start: run.Start * frameLength, End: Math.Min(run.End * frameLength, audio.Samples.Length)));
        var speech = Pack(sounds, maxSpeech, frameLength, frameRms);
        return Pad(audio, speech, padding);
    }

    /// <summary>Frame runs [Start, End) between silences of at least <paramref name="minSilenceFrames"/>; edge silence is dropped.</summary>
    private static List<(int Start, int End)> FindSounds(bool[] silent, int minSilenceFrames)
    {
        var sounds = new List<(int Start, int End)>();
        int? soundStart = null;
        var lastLoud = -1;
        for (var i = 0; i < silent.Length; i++)
        {
            if (silent[i])
            {
                if (soundStart is { } start && i - lastLoud >= minSilenceFrames)
                {
                    sounds.Add((start, lastLoud + 1));
                    soundStart = null;
                }
                continue;
            }
            soundStart ??= i;
            lastLoud = i;
        }
        if (soundStart is { } last)
            sounds.Add((last, lastLoud + 1));
        return sounds;
    }

    /// <summary>Greedily groups sounds (sample ranges) into stretches of at most <paramref name="maxSpeech"/> samples.</summary>
    private static List<(int Start, int End)> Pack(IEnumerable<(int Start, int End)> sounds, int maxSpeech, int frameLength, double[] frameRms)
    {
        var packed = new List<(int Start, int End)>();
        (int Start, int End)? current = null;
        foreach (var sound in sounds)
        {
            if (current is not { } open)
                current = sound;
            else if (sound.End - open.Start <= maxSpeech)
                current = (open.Start, sound.End);
            else
            {
                packed.Add(open);
                current = sound;
            }

            while (current is { } tooLong && tooLong.End - tooLong.Start > maxSpeech)
            {
                var cut = QuietestCut(tooLong.Start, maxSpeech, frameLength, frameRms);
                packed.Add((tooLong.Start, cut));
                current = (cut, tooLong.End);
            }
        }
        if (current is { } rest)
            packed.Add(rest);
        return packed;
    }

    /// <summary>Centre of the quietest frame whose centre lies in [start + max/2, start + max]; the later one on ties.</summary>
    private static int QuietestCut(int start, int maxSpeech, int frameLength, double[] frameRms)
    {
        var half = frameLength / 2;
        var first = (start + maxSpeech / 2 - half + frameLength - 1) / frameLength;
        var last = Math.Min((start + maxSpeech - half) / frameLength, frameRms.Length - 1);
        var quietest = first;
        for (var f = first + 1; f <= last; f++)
        {
            if (frameRms[f] <= frameRms[quietest])
                quietest = f;
        }
        return quietest * frameLength + half;
    }

    private static List<SilenceSegment> Pad(AudioBuffer audio, List<(int Start, int End)> speech, int padding)
    {
        var segments = new List<SilenceSegment>(speech.Count);
        for (var i = 0; i < speech.Count; i++)
        {
            var (start, end) = speech[i];
            var from = i == 0 ? Math.Max(0, start - padding) : Math.Max(start - padding, Middle(speech[i - 1].End, start));
            var to = i == speech.Count - 1
                ? Math.Min(audio.Samples.Length, end + padding)
                : Math.Min(end + padding, Middle(end, speech[i + 1].Start));
            segments.Add(new SilenceSegment(
                Seconds(audio, from, to), Seconds(audio, start, end), new AudioBuffer(audio.Samples[from..to], audio.SampleRate)));
        }
        return segments;
    }

    private static int Middle(int a, int b) => a + (b - a) / 2;

    private static TimeSpan2 Seconds(AudioBuffer audio, int from, int to) =>
        new((double)from / audio.SampleRate, (double)to / audio.SampleRate);
}
