using System.Net;
using System.Net.WebSockets;
using Earshot.Audio;
using Earshot.Server.Tests.Infrastructure;
using Earshot.Testing;

namespace Earshot.Server.Tests.Streaming;

/// <summary>Streams that declare a compressed format ({"config": {"format": "webm"}}), as a browser microphone sends them.</summary>
[Collection(SharedServerCollection.Name)]
public class CompressedStreamTests(SharedServer server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WebmOpusFromABrowserIsDecodedAsItArrivesAndKept()
    {
        var factory = server;
        var source = RepositoryPaths.Speech("librispeech/3752-4944-0000.flac"); // CAPTAIN FRERE SAYS THAT THE SCENERY IS DELIGHTFUL
        var webm = await EncodeAsync(source, "webm", ["-c:a", "libopus", "-b:a", "32k"]);
        var token = await factory.TokenAsync();
        var socket = await factory.ConnectAsync(token, Ct);
        await socket.SendJsonAsync(new { config = new { format = "webm", phrase_list = new[] { "scenery" } } }, Ct);
        var receiving = socket.ReceiveAllAsync(Ct);
        foreach (var chunk in webm.Chunk(4096)) // MediaRecorder hands out pieces of a few kB
            await socket.SendAsync(chunk, WebSocketMessageType.Binary, true, Ct);
        await socket.SendJsonAsync(new { eof = 1 }, Ct);
        var outcome = await receiving;

        Assert.Equal(WebSocketCloseStatus.NormalClosure, outcome.CloseStatus);
        Assert.Contains("scenery", outcome.Text);
        Assert.NotEmpty(outcome.Partials);
        var fileId = outcome.Messages[^1].GetProperty("file_id").GetGuid();
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var stored = await client.GetAsync($"/v1/audio/download?file={fileId}", Ct);
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        var original = await StreamTestClient.ReadCanonicalAsync(source);
        var kept = WavFile.Read(await stored.Content.ReadAsStreamAsync(Ct));
        Assert.Equal(original.Length / 16000.0, kept.DurationSeconds, 1); // the decoded audio, at 16 kHz, within 0.05 s
    }

    [Theory]
    [InlineData("webm", "-c:a libopus -b:a 32k")]
    [InlineData("ogg", "-c:a libvorbis")]
    [InlineData("mp3", "-c:a libmp3lame -b:a 64k")]
    [InlineData("flac", "-c:a flac")]
    [InlineData("wav", "-c:a pcm_s16le")]
    [InlineData("wav", "-c:a pcm_s16le -ar 44100 -ac 2")]
    public async Task EveryFormatIsKeptWholeFromItsFirstWord(string format, string codec)
    {
        var source = RepositoryPaths.Speech("librispeech/3752-4944-0000.flac"); // CAPTAIN FRERE SAYS THAT THE SCENERY IS DELIGHTFUL
        var encoded = await EncodeAsync(source, format, codec.Split(' '));
        var token = await server.TokenAsync();
        var socket = await server.ConnectAsync(token, Ct);
        await socket.SendJsonAsync(new { config = new { format } }, Ct);
        var receiving = socket.ReceiveAllAsync(Ct);
        foreach (var chunk in encoded.Chunk(4096))
            await socket.SendAsync(chunk, WebSocketMessageType.Binary, true, Ct);
        await socket.SendJsonAsync(new { eof = 1 }, Ct);
        var outcome = await receiving;

        Assert.Equal(WebSocketCloseStatus.NormalClosure, outcome.CloseStatus);
        Assert.StartsWith("captain", outcome.Text);
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var stored = await client.GetAsync($"/v1/audio/download?file={outcome.Messages[^1].GetProperty("file_id").GetGuid()}", Ct);
        var kept = WavFile.Read(await stored.Content.ReadAsStreamAsync(Ct));
        var original = (await StreamTestClient.ReadCanonicalAsync(source)).Length / 16000.0;
        Assert.InRange(kept.DurationSeconds, original - 0.05, original + 0.05);
    }

    [Fact]
    public async Task BytesFfmpegCannotDecodeCloseTheStreamWith1007()
    {
        var factory = server;
        var socket = await factory.ConnectAsync(await factory.TokenAsync(), Ct);
        await socket.SendJsonAsync(new { config = new { format = "webm" } }, Ct);
        var receiving = socket.ReceiveAllAsync(Ct);
        var noise = new byte[64 * 1024];
        new Random(7).NextBytes(noise);
        try
        {
            foreach (var chunk in noise.Chunk(4096))
                await socket.SendAsync(chunk, WebSocketMessageType.Binary, true, Ct);
            await socket.SendJsonAsync(new { eof = 1 }, Ct);
        }
        catch (WebSocketException)
        {
            // the server may already have closed
        }
        var outcome = await receiving;

        Assert.Equal(1007, (int)outcome.CloseStatus!.Value);
        Assert.StartsWith("audio could not be decoded as webm", System.Text.Json.JsonDocument.Parse(outcome.CloseReason!).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task AnUnknownFormatIsRejectedAtTheConfig()
    {
        var factory = server;
        var socket = await factory.ConnectAsync(await factory.TokenAsync(), Ct);
        await socket.SendJsonAsync(new { config = new { format = "aac-adts" } }, Ct);
        var outcome = await socket.ReceiveAllAsync(Ct);

        Assert.Equal(1007, (int)outcome.CloseStatus!.Value);
        var error = System.Text.Json.JsonDocument.Parse(outcome.CloseReason!).RootElement.GetProperty("error").GetString();
        Assert.StartsWith("format 'aac-adts' not supported: use pcm,", error);
        Assert.Contains("webm", error);
    }

    private static async Task<byte[]> EncodeAsync(string source, string extension, string[] codec)
    {
        var target = Path.Combine(Path.GetTempPath(), $"earshot-compressed-{Guid.NewGuid():N}.{extension}");
        try
        {
            var ffmpeg = System.Diagnostics.Process.Start("ffmpeg", ["-hide_banner", "-v", "error", "-i", source, .. codec, target])!;
            await ffmpeg.WaitForExitAsync(Ct);
            Assert.Equal(0, ffmpeg.ExitCode);
            return await File.ReadAllBytesAsync(target, Ct);
        }
        finally
        {
            File.Delete(target);
        }
    }
}
