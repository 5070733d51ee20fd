using Earshot.Engines.PocketSphinx;
using Earshot.Sdk.Models;

namespace Earshot.Engines.Tests.PocketSphinx;

/// <summary>A recogniser with a single decoder, so every call is known to land on the same native decoder.</summary>
public sealed class SingleDecoderFixture : IDisposable
{
    public PocketSphinxRecognizer Recognizer { get; } = new(new PocketSphinxOptions { PoolSize = 1 });

    public void Dispose() => Recognizer.Dispose();
}

public sealed class PocketSphinxPoolTests(SingleDecoderFixture fixture) : IClassFixture<SingleDecoderFixture>
{
    private PocketSphinxRecognizer Recognizer => fixture.Recognizer;

    [Fact]
    public async Task SearchSwitchesAreUndoneBeforeTheDecoderIsReused()
    {
        var cancel = TestContext.Current.CancellationToken;
        var captain = await SpeechAudio.LoadAsync(PocketSphinxFixture.Captain);
        var baseline = await Recognizer.TranscribeAsync(captain, new TranscribeOptions(), cancel);

        using var model = TestLanguageModel.Create(["captain", "scenery"]);
        var limited = await Recognizer.TranscribeWithLanguageModelAsync(captain, model.Path, cancel);
        await Recognizer.SpotKeyphrasesAsync(captain, [new Keyphrase("scenery")], cancel);
        await Recognizer.TranscribeWithGrammarAsync(captain, "#JSGF V1.0; grammar g; public <s> = hello world;", cancel);
        await Assert.ThrowsAsync<ArgumentException>(() => Recognizer.TranscribeWithGrammarAsync(captain, "not a grammar", cancel));
        var again = await Recognizer.TranscribeAsync(captain, new TranscribeOptions(), cancel);

        Assert.Contains("scenery", baseline.Text);
        Assert.Equal(baseline.Words, again.Words);
        Assert.NotEqual(baseline.Text, limited.Text);
        Assert.Single(Recognizer.DecoderLoadTimes);
    }

    [Fact]
    public async Task AStreamHoldsItsDecoderUntilDisposed()
    {
        var captain = await SpeechAudio.LoadAsync(PocketSphinxFixture.Captain);
        var stream = Recognizer.OpenStream(new TranscribeOptions());
        stream.Accept(captain.Samples.AsSpan(0, 16000));

        var waiting = Recognizer.TranscribeAsync(captain, new TranscribeOptions(), TestContext.Current.CancellationToken);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted);

        stream.Dispose();
        var transcript = await waiting;
        Assert.Contains("scenery", transcript.Text);
    }
}
