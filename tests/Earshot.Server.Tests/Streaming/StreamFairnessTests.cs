using System.Net.WebSockets;
using Earshot.Server.Streaming;
using Earshot.Server.Tests.Infrastructure;
using Earshot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Earshot.Server.Tests.Streaming;

/// <summary>Ten streams in all, two per user, and new streams refused while an open one is over 1 s behind real time.</summary>
public sealed class StreamFairnessServer() : EarshotFactory(new Dictionary<string, string?>
{
    ["Streaming:MaxStreams"] = "10",
    ["Streaming:MaxStreamsPerUser"] = "2",
    ["Streaming:MaxLagSeconds"] = "1",
    ["Models:Disabled:0"] = "tesseract",
    ["Models:Disabled:1"] = "ppocr",
    ["Models:Disabled:2"] = "silero-vad",
});

public sealed class StreamFairnessTests(StreamFairnessServer factory) : IClassFixture<StreamFairnessServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AUsersThirdStreamIsClosedWith1013WhileAnotherUserIsAdmitted()
    {
        var admission = factory.Services.GetRequiredService<StreamAdmission>();
        await Eventually.HoldsAsync(() => admission.Open == 0, TimeSpan.FromSeconds(60), "no stream open");
        var greedy = await factory.TokenAsync();
        var open = new List<WebSocket>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var socket = await factory.ConnectAsync(greedy, Ct);
                await socket.SendJsonAsync(new { config = new { sample_rate = 16000 } }, Ct);
                open.Add(socket);
            }
            // The upgrade completes before the server takes the slot: wait until both are taken, so the third is the one refused.
            await Eventually.HoldsAsync(() => admission.Open == 2, TimeSpan.FromSeconds(60), "both streams admitted");

            var third = await factory.ConnectAsync(greedy, Ct);
            var refused = await third.ReceiveAllAsync(Ct);
            Assert.Equal(1013, (int)refused.CloseStatus!.Value);
            Assert.Contains("you already have 2 streams open", refused.CloseReason);

            var other = await factory.ConnectAsync(await factory.TokenAsync(), Ct);
            open.Add(other);
            var samples = await StreamTestClient.ReadCanonicalAsync(RepositoryPaths.Speech("librispeech/3752-4944-0000.flac"));
            var outcome = await other.StreamAsync(samples, null, 4000, null, Ct);
            Assert.Equal(WebSocketCloseStatus.NormalClosure, outcome.CloseStatus);
            Assert.NotEmpty(outcome.Text);
        }
        finally
        {
            foreach (var socket in open)
                socket.Abort();
        }
    }

    [Fact]
    public async Task ANewStreamIsClosedWith1013WhileAnOpenOneFallsBehindRealTime()
    {
        var admission = factory.Services.GetRequiredService<StreamAdmission>();
        await Eventually.HoldsAsync(() => admission.Open == 0, TimeSpan.FromSeconds(60), "no stream open");
        var samples = await StreamTestClient.ReadCanonicalAsync(RepositoryPaths.Speech("librispeech/3752-4944-0000.flac"));
        var open = new List<WebSocket>();
        try
        {
            var first = await factory.ConnectAsync(await factory.TokenAsync(), Ct);
            open.Add(first);
            await first.SendAllAnsweredAsync(samples.AsSpan(0, 16000).ToArray(), 4000, Ct);
            var lag = Assert.Single(admission.OpenLags);
            Assert.Equal(1.0, lag.AudioSeconds, 3); // the session measures every piece it recognises

            // The open stream's last second of audio took 5 s to recognise: it is 4 s behind, and a new stream would only add to that.
            lag.Record(1.0, TimeProvider.System.GetTimestamp() - 5 * TimeProvider.System.TimestampFrequency);
            var refused = await (await factory.ConnectAsync(await factory.TokenAsync(), Ct)).ReceiveAllAsync(Ct);
            Assert.Equal(1013, (int)refused.CloseStatus!.Value);
            Assert.Contains("behind real time", refused.CloseReason);

            // Waiting for audio drains the backlog: once it is under the threshold, streams are admitted again.
            await Eventually.HoldsAsync(() => lag.Seconds < 1, TimeSpan.FromSeconds(60), "the lag drained");
            var next = await factory.ConnectAsync(await factory.TokenAsync(), Ct);
            open.Add(next);
            var outcome = await next.StreamAsync(samples, null, 4000, null, Ct);
            Assert.Equal(WebSocketCloseStatus.NormalClosure, outcome.CloseStatus);
        }
        finally
        {
            foreach (var socket in open)
                socket.Abort();
        }
    }
}
