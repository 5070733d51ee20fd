using Earshot.Server.Tests.Infrastructure;
using Earshot.Testing;

namespace Earshot.Server.Tests.Streaming;

public sealed class StreamQuotaTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AStreamThatReachesTheStorageQuotaIsClosedWith1009AndKeepsWhatFits()
    {
        const int quota = 200_000; // about 6.2 s of 16 kHz audio
        await using var factory = new EarshotFactory(new Dictionary<string, string?>
        {
            ["Earshot:MaxStorageBytesPerUser"] = quota.ToString(),
            ["Streaming:WarmDecoders"] = "1",
            ["Models:Disabled:0"] = "tesseract",
            ["Models:Disabled:1"] = "ppocr",
            ["Models:Disabled:2"] = "silero-vad",
        });
        var client = await factory.CreateUserClientAsync();
        var token = client.DefaultRequestHeaders.Authorization!.Parameter!;
        var speech = await StreamTestClient.ReadCanonicalAsync(RepositoryPaths.Speech("librispeech/3752-4944-0000.flac"));
        var samples = speech.Concat(speech).ToArray();
        Assert.True(samples.Length * 2 > quota, "more audio than the quota holds");

        var socket = await factory.ConnectAsync(token, Ct);
        var sent = 0;
        for (; sent < samples.Length; sent += 1000)
        {
            await socket.SendPcmAsync(samples.AsSpan(sent, Math.Min(1000, samples.Length - sent)), Ct);
            if (await socket.ReceiveJsonAsync(Ct) is null)
                break;
        }

        Assert.Equal(1009, (int?)socket.CloseStatus);
        Assert.Contains("storage quota", socket.CloseStatusDescription);
        var kept = Guid.Empty;
        await Eventually.HoldsAsync(async () =>
        {
            var page = await (await client.GetAsync("/v1/jobs?kind=stream.transcript", Ct)).ReadJsonAsync();
            kept = page.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("id").GetGuid()).FirstOrDefault();
            return kept != Guid.Empty;
        }, TimeSpan.FromSeconds(60), "the stream's recording kept");
        var result = (await (await client.GetAsync($"/v1/jobs/{kept}", Ct)).ReadJsonAsync()).GetProperty("result");
        Assert.Equal("too_big", result.GetProperty("ended").GetString());
        Assert.InRange(result.GetProperty("duration_seconds").GetDouble(), 5.0, (quota - 44) / 32000.0);
        Assert.InRange(factory.StoredFiles().Sum(f => new FileInfo(Path.Combine(factory.DataDirectory, "files", f)).Length), 1, quota);
    }
}
