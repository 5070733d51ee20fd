using System.Diagnostics;
using Earshot.Engines.SileroVad;
using Earshot.Sdk;
using Earshot.Sdk.Models;
using Earshot.Testing;

namespace Earshot.Engines.Tests.SileroVad;

[Collection(SileroVadCollection.Name)]
public sealed class SileroVoiceActivityDetectorTests(SileroVadFixture fixture)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void ModelFileIsSileroV5()
    {
        Assert.Equal("v5", fixture.Detector.ModelVariant);
        Assert.Equal("silero-vad", fixture.Detector.Info.Name);
        Assert.Equal(ModelKind.VoiceActivityDetector, fixture.Detector.Info.Kind);
    }

    [Fact]
    public void DigitalSilenceHasNoSpeech()
    {
        var silence = new AudioBuffer(new short[5 * AudioBuffer.CanonicalSampleRate]);

        Assert.Empty(fixture.Detector.DetectSpeech(silence, Token));
        Assert.All(fixture.Detector.SpeechProbabilities(silence, Token), p => Assert.InRange(p, 0, 0.1));
    }

    [Fact]
    public async Task SpeechPaddedWithASecondOfSilenceIsFoundBetweenThePads()
    {
        // LJ001-0004 has speech from its first to its last window (spans 0.00–5.14 s unpadded).
        var speech = await SileroVadFixture.LoadAsync("ljspeech/LJ001-0004.wav");
        var second = new short[AudioBuffer.CanonicalSampleRate];
        var padded = new AudioBuffer([.. second, .. speech.Samples, .. second]);

        var spans = fixture.Detector.DetectSpeech(padded, Token);

        Assert.NotEmpty(spans);
        Assert.InRange(spans[0].Start, 0.9, 1.15);
        Assert.InRange(spans[^1].End, padded.DurationSeconds - 1.15, padded.DurationSeconds - 0.9);
    }

    [Fact]
    public async Task LibriSpeechUtteranceIsMostlySpeech()
    {
        var audio = await SileroVadFixture.LoadAsync("librispeech/1088-134315-0000.wav");

        var spans = fixture.Detector.DetectSpeech(audio, Token);

        // Measured 94 % (two spans around a 0.8 s pause).
        Assert.InRange(spans.Sum(s => s.Duration) / audio.DurationSeconds, 0.85, 1.0);
        Assert.InRange(spans.Count, 1, 4);
    }

    [Fact]
    public async Task SpansOfEveryEvalFileAreOrderedPaddedAndMostlySpeech()
    {
        var output = TestContext.Current.TestOutputHelper!;
        double audioSeconds = 0, processingSeconds = 0;
        foreach (var sample in SpeechManifest.Load())
        {
            var audio = await SileroVadFixture.LoadAsync(sample.File);
            var watch = Stopwatch.StartNew();
            var spans = fixture.Detector.DetectSpeech(audio, Token);
            processingSeconds += watch.Elapsed.TotalSeconds;
            audioSeconds += audio.DurationSeconds;
            var fraction = spans.Sum(s => s.Duration) / audio.DurationSeconds;
            output.WriteLine($"{sample.File}\t{fraction:P0}\t{string.Join(' ', spans.Select(s => $"[{s.Start:F2}-{s.End:F2}]"))}");

            Assert.InRange(fraction, 0.4, 1.0);
            Assert.All(spans, s => Assert.True(s.Duration > 0.25, $"{sample.File}: {s} is shorter than MinSpeech"));
            Assert.InRange(spans[0].Start, 0, audio.DurationSeconds);
            Assert.InRange(spans[^1].End, 0, audio.DurationSeconds);
            Assert.All(spans.Zip(spans.Skip(1)), pair => Assert.True(pair.Second.Start >= pair.First.End, $"{sample.File}: spans overlap"));
        }
        var realTimeFactor = processingSeconds / audioSeconds;
        output.WriteLine($"{audioSeconds:F1} s of audio in {processingSeconds:F2} s: RTF {realTimeFactor:F4}");
        Assert.InRange(realTimeFactor, 0, 0.25);
    }

    [Fact]
    public async Task ConcurrentCallsEqualSequentialOnes()
    {
        var first = await SileroVadFixture.LoadAsync("jfk/jfk.wav");
        var second = await SileroVadFixture.LoadAsync("librispeech/2412-153948-0000.flac");
        var expectedFirst = fixture.Detector.DetectSpeech(first, Token);
        var expectedSecond = fixture.Detector.DetectSpeech(second, Token);

        var results = await Task.WhenAll(
            Task.Run(() => fixture.Detector.DetectSpeech(first, Token), Token),
            Task.Run(() => fixture.Detector.DetectSpeech(second, Token), Token),
            Task.Run(() => fixture.Detector.DetectSpeech(first, Token), Token));

        Assert.Equal(expectedFirst, results[0]);
        Assert.Equal(expectedSecond, results[1]);
        Assert.Equal(expectedFirst, results[2]);
        Assert.NotEqual(expectedFirst, expectedSecond);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(333)]
    [InlineData(16_000)]
    public async Task StreamingEventsGiveTheSameSpansAsTheWholeBuffer(int chunkSamples)
    {
        var audio = await SileroVadFixture.LoadAsync("jfk/jfk.wav");
        var expected = fixture.Detector.DetectSpeech(audio, Token);

        using var stream = fixture.Detector.OpenStream();
        var events = new List<VadEvent>();
        for (var offset = 0; offset < audio.Samples.Length; offset += chunkSamples)
        {
            var chunk = audio.Samples.AsSpan(offset, Math.Min(chunkSamples, audio.Samples.Length - offset));
            var arrived = stream.Accept(chunk);
            // An event is never later than the audio accepted so far.
            Assert.All(arrived, e => Assert.True(e.Seconds <= stream.Position + 1e-9));
            events.AddRange(arrived);
        }
        events.AddRange(stream.Finish());

        Assert.False(stream.InSpeech);
        Assert.Equal(expected.Count * 2, events.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(new VadEvent(VadEventKind.SpeechStarted, expected[i].Start), events[2 * i]);
            Assert.Equal(new VadEvent(VadEventKind.SpeechEnded, expected[i].End), events[2 * i + 1]);
        }
    }

    [Fact]
    public async Task LongerMinSilenceMergesSpansAndHugeMinSpeechDropsThemAll()
    {
        var audio = await SileroVadFixture.LoadAsync("jfk/jfk.wav");
        var standard = fixture.Detector.DetectSpeech(audio, Token);
        using var patient = new SileroVoiceActivityDetector(new SileroVadOptions
        {
            ModelPath = SileroVadFixture.ModelPath,
            MinSilence = TimeSpan.FromMilliseconds(700),
        });
        using var strict = new SileroVoiceActivityDetector(new SileroVadOptions
        {
            ModelPath = SileroVadFixture.ModelPath,
            MinSpeech = TimeSpan.FromSeconds(20),
        });

        var merged = patient.DetectSpeech(audio, Token);

        Assert.InRange(merged.Count, 1, standard.Count - 1);
        Assert.All(standard, s => Assert.Contains(merged, m => m.Start <= s.Start + 1e-9 && s.End <= m.End + 1e-9));
        Assert.Empty(strict.DetectSpeech(audio, Token));
    }

    [Fact]
    public void UnsupportedSampleRateIsRejected()
    {
        var audio = new AudioBuffer(new short[44_100], 44_100);

        Assert.Throws<ArgumentException>(() => fixture.Detector.DetectSpeech(audio, Token));
    }

    [Fact]
    public async Task EightKilohertzAudioGivesAboutTheSameSpans()
    {
        var audio = await SileroVadFixture.LoadAsync("jfk/jfk.wav");
        // Crude halving (pairs averaged), enough for a VAD.
        var halved = new short[audio.Samples.Length / 2];
        for (var i = 0; i < halved.Length; i++)
            halved[i] = (short)((audio.Samples[2 * i] + audio.Samples[2 * i + 1]) / 2);
        var narrowband = new AudioBuffer(halved, 8_000);

        var wide = fixture.Detector.DetectSpeech(audio, Token);
        var narrow = fixture.Detector.DetectSpeech(narrowband, Token);

        Assert.Equal((int)Math.Ceiling(halved.Length / 256.0), fixture.Detector.SpeechProbabilities(narrowband, Token).Count);
        Assert.Equal(wide.Count, narrow.Count);
        foreach (var (w, n) in wide.Zip(narrow))
        {
            Assert.Equal(w.Start, n.Start, 0.15);
            Assert.Equal(w.End, n.End, 0.15);
        }
    }
}
