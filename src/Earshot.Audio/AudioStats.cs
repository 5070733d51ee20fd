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

    /// <summary>
    /// Measures a 16-bit mono WAV file chunk by chunk, so a long recording is never held in memory whole; the figures equal
    /// those of <see cref="Compute(AudioBuffer, double)"/> on the same samples.
    /// </summary>
    public static AudioStats Compute(string wavPath, double silenceThresholdDbfs = -40)
    {
        using var stream = File.OpenRead(wavPath);
        var info = WavFile.ReadInfo(stream);
        var frame = FrameLength(info.SampleRate);
        var chunk = frame * 1000;
        var threshold = Loudness.DbfsToFraction(silenceThresholdDbfs);
        double sumOfSquares = 0, peak = 0;
        long clipped = 0, frames = 0, silentFrames = 0;
        for (long start = 0; start < info.SampleCount; start += chunk)
        {
            var samples = WavFile.ReadRange(stream, info, start, chunk).Samples.AsSpan();
            var rms = Loudness.Rms(samples);
            sumOfSquares += rms * 32768.0 * rms * 32768.0 * samples.Length;
            peak = Math.Max(peak, Loudness.Peak(samples));
            clipped += (long)Math.Round(Loudness.ClippedFraction(samples) * samples.Length);
            foreach (var frameRms in Loudness.ShortTermRms(samples, frame, frame))
            {
                frames++;
                if (frameRms < threshold)
                    silentFrames++;
            }
        }
        var count = info.SampleCount;
        return new AudioStats(
            info.DurationSeconds,
            info.SampleRate,
            Channels: 1,
            Floored(Loudness.FractionToDbfs(peak)),
            Floored(Loudness.FractionToDbfs(count == 0 ? 0 : Math.Sqrt(sumOfSquares / count) / 32768.0)),
            count == 0 ? 0 : (double)clipped / count,
            frames == 0 ? 0 : (double)silentFrames / frames);
    }

    private static int FrameLength(int sampleRate) => Math.Max(1, sampleRate / 100);

    private static double Floored(double dbfs) => Math.Max(FloorDbfs, dbfs);
}
