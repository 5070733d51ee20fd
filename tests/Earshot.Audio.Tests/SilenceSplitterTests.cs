using Earshot.Sdk.Models;

namespace Earshot.Audio.Tests;

public class SilenceSplitterTests
{
    [Fact]
    public void SoundsArePackedUpToTheMaximumAndCutInTheSilenceBetween()
    {
        var audio = Signals.Concat(
            Signals.Silence(0.5), Signals.Sine(440, 1), Signals.Silence(0.5), Signals.Sine(440, 1),
            Signals.Silence(0.3), Signals.Sine(440, 1.5), Signals.Silence(1));

        var segments = SilenceSplitter.Split(audio, maxSegmentSeconds: 3, silenceThresholdFraction: 0.1);

        Assert.Equal(2, segments.Count);
        Assert.Equal((0.5, 3.0), (segments[0].Speech.Start, segments[0].Speech.End));
        Assert.Equal((0.45, 3.05), (segments[0].Interval.Start, segments[0].Interval.End));
        Assert.Equal((3.3, 4.8), (segments[1].Speech.Start, segments[1].Speech.End));
        Assert.Equal((3.25, 4.85), (segments[1].Interval.Start, segments[1].Interval.End));
        Assert.Equal(audio.Samples[7200..48800], segments[0].Audio.Samples);
    }

    [Fact]
    public void PaddingStopsAtTheAudioEdgesAndHalfwayThroughShortSilences()
    {
        var audio = Signals.Concat(Signals.Sine(300, 1), Signals.Silence(0.06), Signals.Sine(300, 1));

        var segments = SilenceSplitter.Split(audio, maxSegmentSeconds: 1.5, silenceThresholdFraction: 0.1, minSilenceSeconds: 0.05);

        Assert.Equal(2, segments.Count);
        Assert.Equal(0, segments[0].Interval.Start);
        Assert.Equal(1.03, segments[0].Interval.End, 9);
        Assert.Equal(1.03, segments[1].Interval.Start, 9);
        Assert.Equal(audio.DurationSeconds, segments[1].Interval.End, 9);
    }

    [Fact]
    public void SilencesShorterThanTheMinimumDoNotSplit()
    {
        var audio = Signals.Concat(Signals.Sine(300, 1), Signals.Silence(0.1), Signals.Sine(300, 1));

        var segment = Assert.Single(SilenceSplitter.Split(audio, maxSegmentSeconds: 10, silenceThresholdFraction: 0.1, minSilenceSeconds: 0.2));

        Assert.Equal((0.0, audio.DurationSeconds), (segment.Interval.Start, segment.Interval.End));
    }

    [Fact]
    public void SilenceAndFaintNoiseGiveNoSegments()
    {
        Assert.Empty(SilenceSplitter.Split(new AudioBuffer(Signals.Silence(5)), 3, 0.1));
        Assert.Empty(SilenceSplitter.Split(new AudioBuffer(Signals.Noise(5, amplitude: Loudness.DbfsToFraction(-70), seed: 1)), 3, 0.1));
        Assert.Empty(SilenceSplitter.Split(new AudioBuffer([]), 3, 0.1));
    }

    [Fact]
    public void SoundWithoutSilenceIsCutAtItsQuietestPoints()
    {
        // A 200 Hz tone whose loudness dips (never to silence) at 2.0, 4.5, 7.0 and 9.5 s.
        var samples = Signals.Sine(200, 10, amplitude: 1);
        for (var i = 0; i < samples.Length; i++)
        {
            var t = i / 16000.0;
            samples[i] = (short)(samples[i] * 0.5 * (0.6 - 0.4 * Math.Cos(2 * Math.PI * 0.4 * (t - 2.0))));
        }
        var audio = new AudioBuffer(samples);

        var segments = SilenceSplitter.Split(audio, maxSegmentSeconds: 3, silenceThresholdFraction: 0.05);

        Assert.Equal(5, segments.Count);
        double[] dips = [2.0, 4.5, 7.0, 9.5];
        for (var i = 0; i < dips.Length; i++)
        {
            Assert.Equal(dips[i], segments[i].Speech.End, 0.015);
            Assert.Equal(segments[i].Interval.End, segments[i + 1].Interval.Start);
        }
        Assert.All(segments, s => Assert.True(s.Interval.Duration <= 3));
        Assert.Equal(samples, segments.SelectMany(s => s.Audio.Samples));
    }

    [Theory]
    [InlineData("librispeech/2412-153948-0000.flac", 4.0)]
    [InlineData("jfk/jfk.wav", 3.0)]
    [InlineData("ljspeech/LJ001-0001.wav", 2.5)]
    [InlineData("commonvoice/common_voice_en_651325.mp3", 1.0)]
    public async Task RealSpeechIsCutOnlyInSilenceAndLosesNothingLoud(string file, double maxSeconds)
    {
        const double fraction = 0.05;
        var audio = await EvalAudio.LoadAsync(file);

        var segments = SilenceSplitter.Split(audio, maxSeconds, fraction);

        var frameRms = Loudness.ShortTermRms(audio.Samples, 160, 160);
        var threshold = Math.Max(fraction * Loudness.Peak(audio.Samples), Loudness.DbfsToFraction(-60));
        bool IsLoud(int frame) => frameRms[frame] >= threshold;

        Assert.NotEmpty(segments);
        Assert.All(segments, s =>
        {
            Assert.InRange(s.Interval.Duration, 0.01, maxSeconds);
            Assert.InRange(s.Speech.Start - s.Interval.Start, 0, 0.05 + 1e-9);
            Assert.InRange(s.Interval.End - s.Speech.End, 0, 0.05 + 1e-9);
            Assert.Equal(audio.Slice(s.Interval.Start, s.Interval.End).Samples.Length, s.Audio.Samples.Length);
        });
        for (var i = 1; i < segments.Count; i++)
        {
            Assert.True(segments[i].Interval.Start >= segments[i - 1].Interval.End, $"segments {i - 1} and {i} overlap");
            var gapFrom = (int)Math.Round(segments[i - 1].Speech.End * 100);
            var gapTo = (int)Math.Round(segments[i].Speech.Start * 100);
            if (gapTo > gapFrom) // a silence cut: everything in the gap is silent and it is long enough
            {
                Assert.True(gapTo - gapFrom >= 20, $"gap before segment {i} is {gapTo - gapFrom} frames");
                Assert.DoesNotContain(Enumerable.Range(gapFrom, gapTo - gapFrom), IsLoud);
            }
        }
        var loudFrames = Enumerable.Range(0, frameRms.Length).Where(IsLoud);
        Assert.All(loudFrames, f => Assert.Contains(segments, s => s.Speech.Start <= (f + 0.5) / 100 && (f + 0.5) / 100 <= s.Speech.End));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(double.NaN)]
    public void ThresholdOutsideTheOpenUnitIntervalIsRejected(double fraction) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SilenceSplitter.Split(new AudioBuffer(Signals.Silence(1)), 3, fraction));

    [Fact]
    public void MaximumShorterThanThePaddingIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SilenceSplitter.Split(new AudioBuffer(Signals.Silence(1)), 0.1, 0.1));
}
