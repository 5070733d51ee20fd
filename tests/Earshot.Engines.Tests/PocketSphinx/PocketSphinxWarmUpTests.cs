using Earshot.Engines.PocketSphinx;
using Earshot.Sdk.Models;

namespace Earshot.Engines.Tests.PocketSphinx;

public sealed class PocketSphinxWarmUpTests
{
    [Fact]
    public async Task WarmUpCreatesDecodersAheadOfDemandUpToThePoolSizeAndStreamsUseThem()
    {
        var captain = await SpeechAudio.LoadAsync(PocketSphinxFixture.Captain);
        using var recognizer = new PocketSphinxRecognizer(new PocketSphinxOptions { PoolSize = 2 });
        Assert.Single(recognizer.DecoderLoadTimes); // the constructor loads one

        Assert.Equal(2, recognizer.WarmUp(5, TestContext.Current.CancellationToken)); // capped at the pool size
        Assert.Equal(2, recognizer.DecoderLoadTimes.Count);

        // Two speakers at once: each stream borrows a decoder mid-utterance, and neither has to create one.
        using var first = recognizer.OpenStream(new TranscribeOptions());
        using var second = recognizer.OpenStream(new TranscribeOptions());
        first.Accept(captain.Samples.AsSpan(0, 16000));
        second.Accept(captain.Samples.AsSpan(0, 16000));
        Assert.Equal(2, recognizer.DecodersInUse);
        Assert.Equal(2, recognizer.DecoderLoadTimes.Count);
    }
}
