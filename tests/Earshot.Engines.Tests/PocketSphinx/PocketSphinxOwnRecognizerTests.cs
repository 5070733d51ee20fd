using Earshot.Engines.PocketSphinx;
using Earshot.Sdk.Models;

namespace Earshot.Engines.Tests.PocketSphinx;

/// <summary>Tests that need a recogniser of their own (different options).</summary>
public class PocketSphinxOwnRecognizerTests
{
    /// <remarks>What an extra decoder costs in memory is measured by bench/ (streams: MB per added stream), not here:
    /// the process's resident size moves with whatever the tests running beside this one allocate and free.</remarks>
    [Fact]
    public async Task AnExtraDecoderIsCreatedOnDemandWithItsOwnModels()
    {
        using var pool = new PocketSphinxRecognizer(new PocketSphinxOptions { PoolSize = 2 });
        var speech = (await SpeechAudio.LoadAsync(PocketSphinxFixture.Captain)).Samples.AsMemory(0, 16000);
        var streams = Enumerable.Range(0, 2).Select(_ => pool.OpenStream(new TranscribeOptions())).ToList();
        Assert.Single(pool.DecoderLoadTimes); // open streams hold no decoder until speech starts
        streams.ForEach(s => s.Accept(speech.Span));
        streams.ForEach(s => s.Dispose());

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"ps_init times: {string.Join(", ", pool.DecoderLoadTimes.Select(t => $"{t.TotalMilliseconds:F0} ms"))}");
        Assert.Equal(2, pool.DecoderLoadTimes.Count);
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

    [Fact]
    public async Task AStreamThatStartsSpeakingWhileEveryDecoderIsBusyTimesOutAndCanGoOnLater()
    {
        using var recognizer = new PocketSphinxRecognizer(new PocketSphinxOptions { PoolSize = 1, StreamDecoderWait = TimeSpan.FromMilliseconds(300) });
        var captain = (await SpeechAudio.LoadAsync(PocketSphinxFixture.Captain)).Samples;
        using var first = recognizer.OpenStream(new TranscribeOptions());
        using var second = recognizer.OpenStream(new TranscribeOptions());
        first.Accept(captain.AsSpan(0, 16000));

        Assert.Throws<TimeoutException>(() => second.Accept(captain.AsSpan(0, 16000)));

        first.Accept(captain.AsSpan(16000));
        first.Accept(new short[16000]); // the pause ends the first speaker's utterance and frees the decoder
        var heard = second.Accept(captain).Concat([second.Finish()]);
        Assert.Contains("scenery", string.Join(' ', heard.Select(t => t.Text)));
    }
}
