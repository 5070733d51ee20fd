using Earshot.Sdk.Models;

namespace Earshot.Audio.Tests;

public class LoudnessTests
{
    [Fact]
    public void DbfsAndFractionConvertBothWays()
    {
        Assert.Equal(0.5, Loudness.DbfsToFraction(Loudness.FractionToDbfs(0.5)), 12);
        Assert.Equal(-6.0206, Loudness.FractionToDbfs(0.5), 3);
        Assert.Equal(double.NegativeInfinity, Loudness.FractionToDbfs(0));
    }

    [Fact]
    public void SineRmsIsAmplitudeOverRootTwoAndPeakIsAmplitude()
    {
        var sine = Signals.Sine(1000, 1, amplitude: 0.5);

        Assert.Equal(0.5 / Math.Sqrt(2), Loudness.Rms(sine), 3);
        Assert.Equal(-9.03, Loudness.RmsDbfs(sine), 1);
        Assert.Equal(-6.02, Loudness.PeakDbfs(sine), 1);
        Assert.Equal(double.NegativeInfinity, Loudness.PeakDbfs(Signals.Silence(0.1)));
    }

    [Fact]
    public void DcOffsetIsTheMeanAsAFraction()
    {
        var shifted = Signals.Sine(440, 1, amplitude: 0.25).Select(s => (short)(s + 3277)).ToArray();

        Assert.Equal(0.1, Loudness.DcOffset(shifted), 3);
        Assert.Equal(0, Loudness.DcOffset(Signals.Sine(440, 1)), 3);
    }

    [Fact]
    public void ClippedFractionCountsSamplesAtTheRails()
    {
        // A sine driven to twice full scale spends 2/3 of its time beyond ±1 (|sin| > 0.5).
        var overdriven = Signals.Sine(100, 1, amplitude: 2);

        Assert.Equal(2.0 / 3, Loudness.ClippedFraction(overdriven), 0.01);
        Assert.Equal(0, Loudness.ClippedFraction(Signals.Sine(100, 1, amplitude: 0.99)));
    }

    [Fact]
    public void ShortTermRmsFollowsTheSignalWindowByWindow()
    {
        short[] samples = [.. Signals.Silence(0.5), .. Signals.Sine(500, 0.5, amplitude: 0.5), .. new short[123]];

        var windows = Loudness.ShortTermRms(samples, windowSamples: 1600, hopSamples: 800);

        // 16 123 samples: windows start every 800 while the start is inside and a full window did not already reach the end.
        Assert.Equal(1 + (int)Math.Ceiling((16123 - 1600) / 800.0), windows.Length);
        Assert.Equal(0, windows[0]);
        Assert.Equal(0.5 / Math.Sqrt(2) / Math.Sqrt(2), windows[9], 2); // half silence, half sine
        Assert.Equal(0.5 / Math.Sqrt(2), windows[12], 3);
        Assert.Empty(Loudness.ShortTermRms([], 10, 5));
    }

    [Fact]
    public void IntegratedLoudnessGatesOutPausesButPlainRmsDoesNot()
    {
        short[] speechLike = [.. Signals.Sine(300, 2, amplitude: 0.3), .. Signals.Silence(6), .. Signals.Sine(300, 2, amplitude: 0.3)];
        var toneLevel = Loudness.FractionToDbfs(0.3 / Math.Sqrt(2));

        var integrated = Loudness.IntegratedLoudnessDbfs(speechLike, 16000);

        // Within 0.5 dB: 400 ms blocks straddling a tone edge are partly silent yet pass the relative gate.
        Assert.Equal(toneLevel, integrated, 0.5);
        // Plain RMS is pulled down by the 60 % of silence: 10·log10(0.4) ≈ −4 dB.
        Assert.Equal(toneLevel + 10 * Math.Log10(0.4), Loudness.RmsDbfs(speechLike), 0.05);
        Assert.Equal(double.NegativeInfinity, Loudness.IntegratedLoudnessDbfs(Signals.Silence(2), 16000));
    }

    [Fact]
    public void IntegratedLoudnessRelativeGateDropsQuietBackground()
    {
        // Loud tone for 3 s over a 7 s background 30 dB lower: the background passes the absolute gate but not the relative one.
        short[] mix = [.. Signals.Sine(200, 3, amplitude: 0.5), .. Signals.Sine(200, 7, amplitude: 0.5 * Loudness.DbfsToFraction(-30))];

        Assert.Equal(Loudness.FractionToDbfs(0.5 / Math.Sqrt(2)), Loudness.IntegratedLoudnessDbfs(mix, 16000), 0.3);
    }

    [Fact]
    public async Task RealSpeechStatsAreWithinPlausibleRanges()
    {
        var audio = await EvalAudio.LoadAsync("jfk/jfk.wav");

        var stats = AudioStats.Compute(audio);

        Assert.Equal(EvalAudio.Sample("jfk/jfk.wav").Duration, stats.DurationSeconds, 0.05);
        Assert.Equal(AudioBuffer.CanonicalSampleRate, stats.SampleRate);
        Assert.Equal(1, stats.Channels);
        Assert.InRange(stats.PeakDbfs, -20, 0);
        Assert.InRange(stats.RmsDbfs, stats.PeakDbfs - 40, stats.PeakDbfs - 6);
        Assert.InRange(stats.SilenceFraction, 0.05, 0.95);
        // Speech with pauses: gated loudness sits above plain RMS.
        Assert.True(Loudness.IntegratedLoudnessDbfs(audio.Samples, audio.SampleRate) > stats.RmsDbfs);
    }

    [Fact]
    public void StatsCountSilentFramesAndClipping()
    {
        var audio = Signals.Concat(Signals.Sine(440, 1, amplitude: 1.2), Signals.Silence(3));

        var stats = AudioStats.Compute(audio, silenceThresholdDbfs: -40);

        Assert.Equal(4, stats.DurationSeconds, 6);
        Assert.Equal(0.75, stats.SilenceFraction, 2);
        Assert.InRange(stats.ClippedFraction, 0.05, 0.25); // 1.2 × sine: clipped while |sin| > 1/1.2, i.e. ~37 % of the tone
        Assert.Equal(0, stats.PeakDbfs, 0.01);
    }

    [Fact]
    public void StatsOfDigitalSilenceStayFinite()
    {
        var stats = AudioStats.Compute(new AudioBuffer(Signals.Silence(1)));

        Assert.Equal(AudioStats.FloorDbfs, stats.PeakDbfs);
        Assert.Equal(AudioStats.FloorDbfs, stats.RmsDbfs);
        Assert.Equal(1, stats.SilenceFraction);
        Assert.Equal(0, AudioStats.Compute(new AudioBuffer([])).SilenceFraction);
    }
}
