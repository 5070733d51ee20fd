using System.Net;
using System.Net.Http.Headers;
using Earshot.Server.Tests.Infrastructure;

namespace Earshot.Server.Tests.Streaming;

/// <summary>Upload streams under hostile use: per-user caps, idle expiry, disk spooling, crashes and oversized chunks.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class UploadStreamLimitsTests(SharedServer factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OneUserCannotOpenMoreThanTheirShareOfUploadStreams()
    {
        var greedy = await factory.CreateUserClientAsync();
        for (var i = 0; i < 8; i++)
            (await greedy.PostAsync("/v1/streams", null, Ct)).EnsureSuccessStatusCode();

        await (await greedy.PostAsync("/v1/streams", null, Ct)).AssertProblemAsync(429, "upload streams open");

        var other = await factory.CreateUserClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await other.PostAsync("/v1/streams", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task ChunksAreSpooledToDiskAndAnOversizedChunkAddsNothing()
    {
        var client = await factory.CreateUserClientAsync();
        var id = await StartAsync(client);
        (await client.PostAsync($"/v1/streams/{id}", Binary(new byte[32_000]), Ct)).EnsureSuccessStatusCode();

        var spool = Path.Combine(factory.DataDirectory, "upload-streams", id.ToString("N"), "audio.wav");
        Assert.Equal(44 + 32_000, new FileInfo(spool).Length);

        var max = 25 * 1024 * 1024;
        await (await client.PostAsync($"/v1/streams/{id}", Binary(new byte[max]), Ct)).AssertProblemAsync(413);
        Assert.Equal(44 + 32_000, new FileInfo(spool).Length);
    }

    internal static async Task<Guid> StartAsync(HttpClient client) =>
        (await (await client.PostAsync("/v1/streams", null, Ct)).ReadJsonAsync()).GetProperty("uuid").GetGuid();

    internal static ByteArrayContent Binary(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }
}

public sealed class UploadStreamLifetimeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnIdleUploadStreamExpiresWithItsAudio()
    {
        await using var factory = new EarshotFactory(new Dictionary<string, string?> { ["Streaming:UploadStreamIdleTimeout"] = "00:00:01" });
        var client = await factory.CreateUserClientAsync();
        var id = await UploadStreamLimitsTests.StartAsync(client);
        var spool = Path.Combine(factory.DataDirectory, "upload-streams", id.ToString("N"));
        Assert.True(Directory.Exists(spool));

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Directory.Exists(spool) && DateTime.UtcNow < deadline)
            await Task.Delay(100, Ct);

        Assert.False(Directory.Exists(spool), "the idle stream's spool should be gone");
        Assert.DoesNotContain(id.ToString(), await client.GetStringAsync("/v1/streams", Ct));
        await (await client.PostAsync($"/v1/streams/{id}", UploadStreamLimitsTests.Binary(new byte[2]), Ct)).AssertProblemAsync(404);
    }

    [Fact]
    public async Task AcknowledgedChunksSurviveAKillAndTheStreamFinishesAfterRestart()
    {
        var data = Directory.CreateTempSubdirectory("earshot-upload-crash-").FullName;
        var pcm = Enumerable.Range(0, 32_000).Select(i => (byte)(i % 251)).ToArray();
        string token;
        Guid id;
        await using (var first = await ServerProcess.StartAsync(data))
        {
            using var client = first.CreateClient();
            token = await ApiClient.RegisterAndLoginAsync(client, "spooler", "long-password");
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            id = await UploadStreamLimitsTests.StartAsync(client);
            (await client.PostAsync($"/v1/streams/{id}", UploadStreamLimitsTests.Binary(pcm), Ct)).EnsureSuccessStatusCode();

            // 31 MB is past Kestrel's own 30 MB request limit as well as the stream's 25 MiB
            var (status, body) = await PostRawAsync(first.BaseAddress, $"/v1/streams/{id}", token, 31_000_000);
            Assert.True(status == 413, $"expected 413, got {status}: {body}");
            Assert.Contains("\"status\":413", body);
            await first.KillAsync();
        }

        await using var second = await ServerProcess.StartAsync(data);
        using var again = second.CreateClient();
        again.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Contains(id.ToString(), await again.GetStringAsync("/v1/streams", Ct));
        var finished = await (await again.PostAsync($"/v1/streams/{id}/finish", null, Ct)).ReadJsonAsync();
        var wav = await again.GetByteArrayAsync($"/v1/audio/download?file={finished.GetProperty("file_id").GetGuid()}", Ct);
        Assert.Equal(pcm, wav[44..]);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(data, "upload-streams")));
    }

    /// <summary>
    /// POSTs a body of zeros over a raw socket and reads the answer while still sending, as curl does: HttpClient gives up
    /// on a response that comes before its body is sent, which a server refusing a huge body may well do.
    /// </summary>
    private static async Task<(int Status, string Body)> PostRawAsync(Uri server, string path, string token, int length)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, Ct);
        var stream = tcp.GetStream();
        var head = $"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\nAuthorization: Bearer {token}\r\n" +
                   $"Content-Type: application/octet-stream\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head), Ct);
        var send = Task.Run(async () =>
        {
            var block = new byte[64 * 1024];
            try
            {
                for (var sent = 0; sent < length; sent += block.Length)
                    await stream.WriteAsync(block.AsMemory(0, Math.Min(block.Length, length - sent)), Ct);
            }
            catch (IOException)
            {
                // the server stopped reading: expected once it has answered
            }
        }, Ct);
        var response = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, Ct)) > 0)
                response.Write(buffer, 0, read);
        }
        catch (IOException) when (response.Length > 0)
        {
        }
        await send;
        var text = System.Text.Encoding.UTF8.GetString(response.ToArray());
        var status = int.Parse(text.Split(' ', 3)[1]);
        return (status, text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
    }
}
