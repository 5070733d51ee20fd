using Earshot.Sdk.Models;

namespace Earshot.Audio;

/// <summary>
/// Summary levels of a decoded recording, as the audio probe reports them. Levels in dBFS are floored at
/// <see cref="FloorDbfs"/> so they stay finite (JSON has no −∞). Fractions are 0..1; all are 0 for empty audio.
/// </summary>
/// <param name="ClippedFraction">Share of samples at the 16-bit rails.</param>
/// <param name="SilenceFraction">Share of 10 ms frames whose RMS is below the silence threshold.</param>
public sealed record AudioStats(
    double DurationSeconds, int SampleRate, int Channels, double PeakDbfs, double RmsDbfs, double ClippedFraction, double SilenceFraction)
{
    /// <summary>Lowest level reported; digital silence reads as this rather than −∞.</summary>
    public const double FloorDbfs = -120;

    /// <summary>Measures a mono buffer; a 10 ms frame counts as silent when its RMS is below <paramref name="silenceThresholdDbfs"/>.</summary>
    public static AudioStats Compute(AudioBuffer audio, double silenceThresholdDbfs = -40)
    {
        ArgumentNullException.ThrowIfNull(audio);
        var samples = audio.Samples.AsSpan();
        var frames = Loudness.ShortTermRms(samples, FrameLength(audio.SampleRate), FrameLength(audio.SampleRate));
        var threshold = Loudness.DbfsToFraction(silenceThresholdDbfs);
        return new AudioStats(
            audio.DurationSeconds,
            audio.SampleRate,
            Channels: 1,
            Floored(Loudness.PeakDbfs(samples)),
            Floored(Loudness.RmsDbfs(samples)),
            Loudness.ClippedFraction(samples),
            frames.Length == 0 ? 0 : (double)frames.Count(rms => rms < threshold) / frames.Length);
    }

    private static int FrameLength(int sampleRate) => Math.Max(1, sampleRate / 100);

    private static double Floored(double dbfs) => Math.Max(FloorDbfs, dbfs);
}
