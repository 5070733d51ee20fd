using System.Net;
using System.Net.Http.Json;
using Earshot.Server.Tests.Infrastructure;
using Earshot.Server.Voices;
using Earshot.Testing;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Tests.Voices;

[Collection(SharedServerCollection.Name)]
public sealed class VoicesApiTests(SharedServer factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EnrolFromFilesAndStreamsVerifyReplaceAndDelete()
    {
        var client = await factory.CreateUserClientAsync();
        var file = await client.UploadAudioAsync(RepositoryPaths.Speech(VoiceAudio.SpeakerA1));
        var stream = await VoiceAudio.StreamAsync(client, await VoiceAudio.PcmAsync(VoiceAudio.SpeakerA2), "/v1/streams", "/v1/streams");

        var created = await client.PostAsJsonAsync("/v1/voices", new { external_id = "ann", files = new[] { file }, streams = new[] { stream } }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.ReadJsonAsync();
        Assert.Equal(2, body.GetProperty("sources").GetInt32());
        Assert.InRange(body.GetProperty("speech_seconds").GetDouble(), 4, 8);
        Assert.Equal("/v1/voices/ann", created.Headers.Location?.OriginalString);

        await (await client.PostAsJsonAsync("/v1/voices", new { external_id = "ann", files = new[] { file } }, Ct)).AssertProblemAsync(409, "replace");
        var replaced = await client.PostAsJsonAsync("/v1/voices", new { external_id = "ann", files = new[] { file }, replace = true }, Ct);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal(1, (await replaced.ReadJsonAsync()).GetProperty("sources").GetInt32());

        var verified = await (await client.PostAsJsonAsync("/v1/voices/ann/verify", new { streams = new[] { stream } }, Ct)).ReadJsonAsync();
        Assert.True(verified.GetProperty("accepted").GetBoolean(), verified.ToString());
        var other = await client.UploadAudioAsync(RepositoryPaths.Speech(VoiceAudio.SpeakerB));
        var rejected = await (await client.PostAsJsonAsync("/v1/voices/ann/verify", new { files = new[] { other } }, Ct)).ReadJsonAsync();
        Assert.False(rejected.GetProperty("accepted").GetBoolean(), rejected.ToString());

        var print = await (await client.PostAsJsonAsync("/v1/voices/voiceprint", new { files = new[] { other } }, Ct)).ReadJsonAsync();
        var stored = await (await client.GetAsync("/v1/voices/ann", Ct)).ReadJsonAsync();
        var score = await (await client.PostAsJsonAsync("/v1/voices/compare",
            new { voiceprint1 = stored.GetProperty("voiceprint"), voiceprint2 = print.GetProperty("voiceprint") }, Ct)).ReadJsonAsync();
        Assert.Equal(rejected.GetProperty("score").GetDouble(), score.GetProperty("score").GetDouble(), 4);

        Assert.Contains("ann", await client.GetStringAsync("/v1/voices", Ct));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/v1/voices/ann", Ct)).StatusCode);
        await (await client.DeleteAsync("/v1/voices/ann", Ct)).AssertProblemAsync(404);
        await (await client.PostAsJsonAsync("/v1/voices/ann/verify", new { files = new[] { other } }, Ct)).AssertProblemAsync(404);
    }

    [Fact]
    public async Task BadRequestsAreProblemsAndStoreNothing()
    {
        var client = await factory.CreateUserClientAsync();
        var file = await client.UploadAudioAsync(RepositoryPaths.Speech(VoiceAudio.SpeakerA1));
        await (await client.PostAsJsonAsync("/v1/voices", new { external_id = "x" }, Ct)).AssertProblemAsync(422, "at least one stream or file");
        await (await client.PostAsJsonAsync("/v1/voices", new { files = new[] { file } }, Ct)).AssertProblemAsync(422, "external_id");
        await (await client.PostAsJsonAsync("/v1/voices", new { external_id = "a/b", files = new[] { file } }, Ct)).AssertProblemAsync(422, "'/'");
        await (await client.PostAsJsonAsync("/v1/voices", new { external_id = "x", files = new[] { Guid.NewGuid() } }, Ct)).AssertProblemAsync(404);
        await (await client.PostAsJsonAsync("/v1/voices", new { external_id = "x", streams = new[] { Guid.NewGuid() } }, Ct)).AssertProblemAsync(404);
        await (await client.PostAsJsonAsync("/v1/voices/compare", new { voiceprint1 = new[] { 1.0 }, voiceprint2 = new[] { 1.0 } }, Ct))
            .AssertProblemAsync(422, "128");
        await (await client.PostAsJsonAsync("/v1/voices/compare", new { voiceprint1 = new[] { "a" }, voiceprint2 = new[] { 1.0 } }, Ct))
            .AssertProblemAsync(400);
        Assert.Equal("""{"ids":[]}""", await client.GetStringAsync("/v1/voices", Ct));
    }

    [Fact]
    public void ExtractionsPerAccountAreCapped()
    {
        var limiter = new VoiceLimiter(Options.Create(new VoiceOptions { MaxConcurrentPerUser = 2 }));
        var (ann, bob) = (Guid.NewGuid(), Guid.NewGuid());
        using var first = limiter.TryEnter(ann);
        var second = limiter.TryEnter(ann);
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(limiter.TryEnter(ann));
        using (var other = limiter.TryEnter(bob))
            Assert.NotNull(other);
        second!.Dispose();
        second.Dispose();
        using var third = limiter.TryEnter(ann);
        Assert.NotNull(third);
        Assert.Null(limiter.TryEnter(ann));
    }
}
