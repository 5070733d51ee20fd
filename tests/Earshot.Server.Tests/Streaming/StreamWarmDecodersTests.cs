using Earshot.Engines.PocketSphinx;
using Earshot.Server.Streaming;
using Earshot.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Earshot.Server.Tests.Streaming;

public sealed class StreamWarmDecodersTests
{
    [Fact]
    public async Task StartUpCreatesTheConfiguredWarmDecodersForStreamsBeforeAnyStreamOpens()
    {
        await using var factory = new EarshotFactory(new Dictionary<string, string?>
        {
            ["Streaming:WarmDecoders"] = "2",
            ["Streaming:DecoderPoolSize"] = "3",
            ["Models:Disabled:0"] = "tesseract",
            ["Models:Disabled:1"] = "ppocr",
            ["Models:Disabled:2"] = "silero-vad",
        });
        using var client = factory.CreateClient(); // starts the host
        var recognizers = factory.Services.GetRequiredService<StreamRecognizers>();

        Assert.Equal(2, await recognizers.Warm.WaitAsync(TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken));
        var streaming = (PocketSphinxRecognizer)recognizers.Find("pocketsphinx")!;
        Assert.Equal(2, streaming.DecoderLoadTimes.Count);
        Assert.Equal(0, streaming.DecodersInUse);
    }
}
