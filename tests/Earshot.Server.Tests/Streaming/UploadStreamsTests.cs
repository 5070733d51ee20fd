using System.Net;
using System.Net.Http.Json;
using Earshot.Server.Tests.Infrastructure;
using Earshot.Testing;

namespace Earshot.Server.Tests.Streaming;

[Collection(SharedServerCollection.Name)]
public sealed class UploadStreamsTests(SharedServer factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ChunksSentAsBinaryAndBase64BecomeOneAudioFile()
    {
        var client = await factory.CreateUserClientAsync();
        var other = await factory.CreateUserClientAsync();
        var samples = await StreamTestClient.ReadCanonicalAsync(RepositoryPaths.Speech("librispeech/3752-4944-0000.flac"));
        var bytes = new byte[samples.Length * 2];
        Buffer.BlockCopy(samples, 0, bytes, 0, bytes.Length);
        var half = bytes.Length / 4 * 2;

        var id = (await (await client.PostAsync("/v1/streams", null, Ct)).ReadJsonAsync()).GetProperty("uuid").GetGuid();
        var binary = new ByteArrayContent(bytes[..half]);
        binary.Headers.ContentType = new("application/octet-stream");
        Assert.Equal(half, (await (await client.PostAsync($"/v1/streams/{id}", binary, Ct)).ReadJsonAsync()).GetProperty("bytes").GetInt64());
        var json = await client.PostAsJsonAsync($"/v1/streams/{id}", new { data = Convert.ToBase64String(bytes[half..]) }, Ct);
        Assert.Equal(bytes.Length, (await json.ReadJsonAsync()).GetProperty("bytes").GetInt64());

        Assert.Contains(id.ToString(), await client.GetStringAsync("/v1/streams", Ct));
        Assert.DoesNotContain(id.ToString(), await other.GetStringAsync("/v1/streams", Ct));
        await (await other.PostAsync($"/v1/streams/{id}/finish", null, Ct)).AssertProblemAsync(404);
        await (await client.PostAsJsonAsync($"/v1/streams/{id}", new { data = "not base64!" }, Ct)).AssertProblemAsync(400);

        var finished = await (await client.PostAsync($"/v1/streams/{id}/finish", null, Ct)).ReadJsonAsync();
        Assert.InRange(finished.GetProperty("duration_seconds").GetDouble(), 3.3, 3.4);
        var wav = await client.GetByteArrayAsync($"/v1/audio/download?file={finished.GetProperty("file_id").GetGuid()}", Ct);
        Assert.Equal(bytes, wav[44..]);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/v1/streams/{id}/finish", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task DeletedStreamIsGoneAndOddByteCountsCannotFinish()
    {
        var client = await factory.CreateUserClientAsync();
        var id = (await (await client.PostAsync("/v1/streams", null, Ct)).ReadJsonAsync()).GetProperty("uuid").GetGuid();
        await client.PostAsJsonAsync($"/v1/streams/{id}", new { data = Convert.ToBase64String(new byte[3]) }, Ct);
        await (await client.PostAsync($"/v1/streams/{id}/finish", null, Ct)).AssertProblemAsync(422, "2-byte samples");
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"/v1/streams/{id}", Ct)).StatusCode);
        Assert.DoesNotContain(id.ToString(), await client.GetStringAsync("/v1/streams", Ct));
        await (await client.DeleteAsync($"/v1/streams/{id}", Ct)).AssertProblemAsync(404);
    }
}
