using System.Diagnostics;
using Earshot.Engines.PocketSphinx;
using Earshot.Sdk.Models;

namespace Earshot.Engines.Tests.PocketSphinx;

/// <summary>Tests that need a recogniser of their own (different options).</summary>
public class PocketSphinxOwnRecognizerTests
{
    [Fact]
    public void AnExtraDecoderIsCreatedOnDemandWithItsOwnModels()
    {
        using var pool = new PocketSphinxRecognizer(new PocketSphinxOptions { PoolSize = 2 });
        GC.Collect();
        var before = CurrentRss();
        var streams = Enumerable.Range(0, 2).Select(_ => pool.OpenStream(new TranscribeOptions())).ToList();
        var after = CurrentRss();
        streams.ForEach(s => s.Dispose());

        var perDecoderMb = (after - before) / (1024 * 1024);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"ps_init times: {string.Join(", ", pool.DecoderLoadTimes.Select(t => $"{t.TotalMilliseconds:F0} ms"))}; RSS per extra decoder: {perDecoderMb:F0} MB");
        Assert.Equal(2, pool.DecoderLoadTimes.Count);
        Assert.InRange(perDecoderMb, 10, 400);
    }

    [Fact]
    public async Task SpeechWithoutPausesIsCutAtTheMaximumUtteranceLength()
    {
        using var recognizer = new PocketSphinxRecognizer(new PocketSphinxOptions { PoolSize = 1, MaxUtteranceSeconds = 1.0 });
        var audio = await SpeechAudio.LoadAsync(PocketSphinxFixture.Captain);

        var transcript = await recognizer.TranscribeAsync(audio, new TranscribeOptions(), TestContext.Current.CancellationToken);

        Assert.True(transcript.Segments.Count >= 2, transcript.Text);
        Assert.All(transcript.Segments, s => Assert.True(s.End - s.Start <= 1.1, $"{s} is longer than an utterance may be"));
        Assert.All(transcript.Words.Zip(transcript.Words.Skip(1)), pair => Assert.True(pair.Second.Start >= pair.First.End - 1e-9));
        Assert.InRange(transcript.Words[^1].End, 2.0, audio.DurationSeconds);
    }

    private static long CurrentRss()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }
}
