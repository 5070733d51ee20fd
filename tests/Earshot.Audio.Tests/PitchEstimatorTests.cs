using Earshot.Sdk.Models;

namespace Earshot.Audio.Tests;

public class PitchEstimatorTests
{
    private static readonly PitchEstimator Estimator = new();

    [Theory]
    [InlineData(65.0)]
    [InlineData(100.0)]
    [InlineData(220.0)]
    [InlineData(440.0)]
    public void SineFrequencyIsFoundInEveryFrame(double frequency) =>
        AssertEveryFrameNear(Estimate(new AudioBuffer(Signals.Sine(frequency, 1, amplitude: 0.3))), frequency);

    [Theory]
    [InlineData(90.0)]
    [InlineData(150.0)]
    [InlineData(310.0)]
    public void SawtoothFundamentalIsFoundNotAHarmonic(double frequency) =>
        AssertEveryFrameNear(Estimate(new AudioBuffer(Signals.Sawtooth(frequency, 1, amplitude: 0.3))), frequency);

    [Fact]
    public void FramesAdvanceByTheHopAndAreStampedAtTheirCentre()
    {
        var frames = Estimate(new AudioBuffer(Signals.Sine(200, 1)));

        Assert.Equal((16000 - 640) / 160 + 1, frames.Count);
        Assert.Equal(0.02, frames[0].Time, 9);
        Assert.Equal(0.01, frames[1].Time - frames[0].Time, 9);
    }

    [Fact]
    public void SilenceAndNoiseAreUnvoiced()
    {
        var silence = Estimate(new AudioBuffer(Signals.Silence(1)));
        var noise = Estimate(new AudioBuffer(Signals.Noise(2, amplitude: 0.3, seed: 7)));

        Assert.All(silence, f => Assert.Equal((null, 0.0), (f.Frequency, f.Confidence)));
        Assert.True(noise.Count(f => f.Frequency is null) >= 0.95 * noise.Count, $"{noise.Count(f => f.Frequency is not null)} noise frames voiced");
        Assert.Null(PitchEstimator.MedianFrequency(silence));
    }

    [Fact]
    public void AToneAfterSilenceIsVoicedOnlyWhereItSounds()
    {
        var frames = Estimate(Signals.Concat(Signals.Silence(0.5), Signals.Sawtooth(180, 0.5, amplitude: 0.3)));

        Assert.All(frames.Where(f => f.Time < 0.47), f => Assert.Null(f.Frequency));
        AssertEveryFrameNear(frames.Where(f => f.Time > 0.53).ToList(), 180);
    }

    [Fact]
    public async Task AdultMaleReadersArePitchedBelowFemaleReaders()
    {
        // LibriSpeech: adult read speech with speaker gender in the manifest (speechocean762 has children, JFK is declaiming).
        var librispeech = EvalAudio.Manifest.Where(s => s.Dataset.StartsWith("LibriSpeech") && s.Gender is "M" or "F").ToList();
        var medians = new List<(string Gender, double Median)>();
        foreach (var sample in librispeech)
        {
            var median = PitchEstimator.MedianFrequency(Estimate(await EvalAudio.LoadAsync(sample.File)));
            Assert.NotNull(median);
            medians.Add((sample.Gender, median.Value));
        }

        var male = medians.Where(m => m.Gender == "M").Select(m => m.Median).ToList();
        var female = medians.Where(m => m.Gender == "F").Select(m => m.Median).ToList();
        Assert.NotEmpty(male);
        Assert.NotEmpty(female);
        Assert.True(male.Max() < female.Min(), $"male {string.Join(", ", male.Select(m => m.ToString("F0")))}; female {string.Join(", ", female.Select(m => m.ToString("F0")))}");
        Assert.All(male, m => Assert.InRange(m, 70, 170));
        Assert.All(female, f => Assert.InRange(f, 130, 300));
    }

    private static IReadOnlyList<PitchFrame> Estimate(AudioBuffer audio) => Estimator.Estimate(audio, TestContext.Current.CancellationToken);

    private static void AssertEveryFrameNear(IReadOnlyList<PitchFrame> frames, double frequency)
    {
        Assert.NotEmpty(frames);
        Assert.All(frames, f =>
        {
            Assert.NotNull(f.Frequency);
            Assert.InRange(f.Frequency.Value, frequency * 0.98, frequency * 1.02);
            Assert.InRange(f.Confidence, 0.85, 1);
        });
        Assert.Equal(frequency, PitchEstimator.MedianFrequency(frames)!.Value, frequency * 0.005);
    }
}
