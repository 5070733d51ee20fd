using Earshot.Audio.Features;

namespace Earshot.Audio.Tests;

public sealed class FeatureNormalizationTests
{
    [Fact]
    public void SlidingCmnOfAShortUtteranceRemovesItsMean()
    {
        var features = Enumerable.Range(0, 50 * 2).Select(i => (float)(i % 2 == 0 ? i : 5 - i)).ToArray();
        var normalized = FeatureNormalization.SlidingCmn(features, 2);
        Assert.Equal(0, Enumerable.Range(0, 50).Sum(t => normalized[2 * t]), 2);
        Assert.Equal(0, Enumerable.Range(0, 50).Sum(t => normalized[2 * t + 1]), 2);
    }

    [Fact]
    public void SlidingCmnUsesAWindowCentredOnTheFrame()
    {
        // one dimension, value = frame index: a centred window of 4 around t = 10 is frames 8..11, mean 9.5
        var features = Enumerable.Range(0, 20).Select(t => (float)t).ToArray();
        var normalized = FeatureNormalization.SlidingCmn(features, 1, window: 4);
        Assert.Equal(0.5, normalized[10], 5);
        Assert.Equal(-1.5, normalized[0], 5); // window shifted inside: frames 0..3
        Assert.Equal(1.5, normalized[19], 5); // frames 16..19
    }

    [Fact]
    public void EnergyVadKeepsLoudFramesAndTheirContext()
    {
        // c0 only: 20 quiet frames (log energy 2), 10 loud ones (20), 20 quiet; threshold 5.5 + 0.5 · mean(5.6) = 8.3
        var c0 = Enumerable.Repeat(2f, 20).Concat(Enumerable.Repeat(20f, 10)).Concat(Enumerable.Repeat(2f, 20)).ToArray();
        var voiced = FeatureNormalization.EnergyVad(c0, 1);
        Assert.All(voiced[20..30], Assert.True);
        // with ±2 frames of context and proportion 0.12, one loud neighbour of five is enough
        Assert.True(voiced[18] && voiced[19] && voiced[30] && voiced[31]);
        Assert.False(voiced[17] || voiced[32] || voiced[0] || voiced[49]);
        Assert.Equal(14, FeatureNormalization.Select(c0, 1, voiced).Length);
    }

    [Fact]
    public void DecimatingKeepsSpeechBandAndRemovesWhatWouldAlias()
    {
        static double Rms(float[] x) => Math.Sqrt(x.Skip(200).SkipLast(200).Average(v => (double)v * v));
        static float[] Tone(double hz) => Enumerable.Range(0, 16000).Select(i => (float)Math.Sin(2 * Math.PI * hz * i / 16000)).ToArray();
        var passed = Downsampler.Decimate(Tone(1000), 2);
        var stopped = Downsampler.Decimate(Tone(6000), 2);
        Assert.Equal(8000, passed.Length);
        Assert.InRange(Rms(passed), 0.69, 0.72);
        Assert.True(Rms(stopped) < 0.01, $"6 kHz leaks through at rms {Rms(stopped)}");
    }
}
