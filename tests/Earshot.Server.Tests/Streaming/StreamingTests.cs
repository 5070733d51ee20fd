using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using Earshot.Sdk.Models;
using Earshot.Server.Models;
using Earshot.Server.Streaming;
using Earshot.Server.Tests.Infrastructure;
using Earshot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Earshot.Server.Tests.Streaming;

/// <summary>A server at the default limit of ten streams that loads only the speech model and VADER (for the recordings streams become).</summary>
public sealed class StreamServer() : EarshotFactory(new Dictionary<string, string?>
{
    ["Streaming:MaxStreams"] = "10",
    ["Streaming:MaxStreamsPerUser"] = "10", // these tests open all ten from one user
    ["Streaming:MaxLagSeconds"] = "60", // admission by lag has tests of its own (StreamFairnessTests)
    ["Streaming:MaxMessageBytes"] = "65536",
    ["Streaming:IdleTimeout"] = "00:00:12", // above the few seconds ten streams can stall under a busy suite
    ["Models:Disabled:0"] = "tesseract",
    ["Models:Disabled:1"] = "ppocr",
    ["Models:Disabled:2"] = "silero-vad",
});

public sealed class StreamingTests(StreamServer factory) : IClassFixture<StreamServer>
{
    private const int Limit = 10;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Files =
    [
        "librispeech/3752-4944-0000.flac", "librispeech/3752-4944-0002.flac", "speechocean762/000030119.wav",
    ];

    [Fact]
    public async Task TenConcurrentStreamsEachGetTheirOwnFilesTranscript()
    {
        await WaitForIdleAsync();
        // The ten shortest eval recordings (2.4–4.4 s), sent as fast as the socket takes them, all streams open at once.
        var samples = SpeechManifest.Load().OrderBy(s => s.Duration).Take(Limit).ToList();
        var token = await factory.TokenAsync();
        var audio = await Task.WhenAll(samples.Select(s => StreamTestClient.ReadCanonicalAsync(s.FullPath)));

        // Load the stream pool's ten decoders first (one at a time, about 1 s each on an idle machine), so that lined-up
        // streams do not sit past the idle timeout waiting for the last decoder to load.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var streaming = factory.Services.GetRequiredService<StreamRecognizers>().Find("pocketsphinx")!;
        // A stream borrows a decoder only mid-utterance, so each warm-up stream is fed speech until it holds one.
        await Task.Run(() =>
        {
            var warm = Enumerable.Range(0, Limit).Select(_ => streaming.OpenStream(new TranscribeOptions())).ToList();
            warm.ForEach(s => s.Accept(audio[0].AsSpan(0, Math.Min(audio[0].Length, 2 * 16000))));
            warm.ForEach(s => s.Dispose());
        }, Ct);
        Assert.Equal(Limit, ((Earshot.Engines.PocketSphinx.PocketSphinxRecognizer)streaming).DecoderLoadTimes.Count);
        var loadSeconds = watch.Elapsed.TotalSeconds;
        // The reference: each file decoded in one batch call with the streams' decoder settings (Streaming:DecoderArguments).
        var batch = await Task.WhenAll(audio.Select(a => streaming.TranscribeAsync(new AudioBuffer(a), new TranscribeOptions(), Ct)));
        watch.Restart();
        var allStarted = new TaskCompletionSource();
        var started = 0;
        async Task LineUp()
        {
            if (Interlocked.Increment(ref started) == samples.Count)
                allStarted.SetResult();
            await allStarted.Task.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        }
        var sockets = await Task.WhenAll(samples.Select(_ => factory.ConnectAsync(token, Ct)));
        var outcomes = await Task.WhenAll(sockets.Select((s, i) => s.StreamAsync(audio[i], new { config = new { sample_rate = 16000 } }, 1000, LineUp, Ct)));
        TestContext.Current.SendDiagnosticMessage($"{samples.Count} streams, {samples.Sum(s => s.Duration):F1} s of audio, took {watch.Elapsed.TotalSeconds:F1} s after {loadSeconds:F1} s loading decoders");

        for (var i = 0; i < samples.Count; i++)
        {
            Assert.False(string.IsNullOrWhiteSpace(batch[i].Text), samples[i].File);
            Assert.Equal(WebSocketCloseStatus.NormalClosure, outcomes[i].CloseStatus);
            Assert.Equal(batch[i].Text, outcomes[i].Text);
            Assert.NotEmpty(outcomes[i].Partials);
            Assert.True(outcomes[i].Messages[^1].TryGetProperty("job_id", out _), samples[i].File);
        }
        Assert.Equal(samples.Count, outcomes.Select(o => o.Text).Distinct().Count());
    }

    [Fact]
    public async Task EleventhStreamIsClosedWith1013AndADisconnectFreesItsSlotAtOnce()
    {
        await WaitForIdleAsync();
        var token = await factory.TokenAsync();
        var samples = await StreamTestClient.ReadCanonicalAsync(RepositoryPaths.Speech(Files[0]));
        var admission = factory.Services.GetRequiredService<StreamAdmission>();
        var open = new List<WebSocket>();
        try
        {
            // Nine streams held open cheaply (config only: no decoder is taken before speech starts) and one mid-stream.
            for (var i = 0; i < Limit; i++)
            {
                var socket = await factory.ConnectAsync(token, Ct);
                await socket.SendJsonAsync(new { config = new { sample_rate = 16000 } }, Ct);
                open.Add(socket);
            }
            var midStream = open[0];
            await midStream.SendPcmAsync(samples.AsSpan(0, 4000), Ct);
            Assert.True((await midStream.ReceiveJsonAsync(Ct))!.Value.TryGetProperty("partial", out _));
            Assert.Equal(Limit, admission.Open);

            var eleventh = await factory.ConnectAsync(token, Ct);
            var rejected = await eleventh.ReceiveAllAsync(Ct);
            Assert.Empty(rejected.Messages);
            Assert.Equal(1013, (int)rejected.CloseStatus!.Value);
            Assert.Equal("{\"error\":\"server overloaded\"}", rejected.CloseReason);

            midStream.Abort(); // a client vanishing mid-stream, without a close frame
            var watch = System.Diagnostics.Stopwatch.StartNew();
            // freed when the server sees the connection drop, not when the 12 s idle timeout closes it
            while (admission.Open >= Limit && watch.Elapsed < TimeSpan.FromSeconds(6))
                await Task.Delay(5, Ct);
            Assert.Equal(Limit - 1, admission.Open);
            TestContext.Current.SendDiagnosticMessage($"slot freed {watch.ElapsedMilliseconds} ms after abort");

            var next = await factory.ConnectAsync(token, Ct);
            open.Add(next);
            var outcome = await next.StreamAsync(samples, null, 1000, null, Ct);
            Assert.Equal(WebSocketCloseStatus.NormalClosure, outcome.CloseStatus);
            Assert.Contains("captain", outcome.Text);
        }
        finally
        {
            foreach (var socket in open)
                socket.Abort();
        }
    }

    [Fact]
    public async Task ApiKeyHeaderAndAccessTokenQueryAuthenticateTheUpgrade()
    {
        await WaitForIdleAsync();
        var owner = await factory.CreateUserClientAsync();
        var key = (await (await owner.PostAsJsonAsync("/v1/auth/api-keys", new { name = "stream" }, Ct)).ReadJsonAsync()).GetProperty("key").GetString()!;
        var token = owner.DefaultRequestHeaders.Authorization!.Parameter!;
        var samples = await StreamTestClient.ReadCanonicalAsync(RepositoryPaths.Speech(Files[1]));

        Func<Task<WebSocket>>[] connections =
        [
            () => factory.ConnectAsync("v1/stream", r => r.Headers["X-Api-Key"] = key, Ct),
            () => factory.ConnectAsync($"v1/stream?access_token={Uri.EscapeDataString(token)}", null, Ct),
        ];
        foreach (var connect in connections)
        {
            var socket = await connect();
            var outcome = await socket.StreamAsync(samples[..16000], null, 4000, null, Ct); // one second is enough to be kept
            Assert.Equal(WebSocketCloseStatus.NormalClosure, outcome.CloseStatus);
            var job = await (await owner.GetAsync($"/v1/jobs/{outcome.Messages[^1].GetProperty("job_id").GetGuid()}", Ct)).ReadJsonAsync();
            Assert.Equal("stream.transcript", job.GetProperty("kind").GetString()); // saved for the key's / token's owner
        }

        await Assert.ThrowsAnyAsync<Exception>(() => factory.ConnectAsync("v1/stream", r => r.Headers["X-Api-Key"] = key + "x", Ct));
        await Assert.ThrowsAnyAsync<Exception>(() => factory.ConnectAsync("v1/stream?access_token=not-a-token", null, Ct));
    }

    [Fact]
    public async Task StreamEndedWithoutEofIsKeptWhenItCarriedAudio()
    {
        await WaitForIdleAsync();
        var client = await factory.CreateUserClientAsync();
        var token = client.DefaultRequestHeaders.Authorization!.Parameter!;
        var samples = await StreamTestClient.ReadCanonicalAsync(RepositoryPaths.Speech(Files[2]));
        var recognizer = factory.Services.GetRequiredService<StreamRecognizers>().Find("pocketsphinx")!; // same decoder settings as streams
        var batch = await recognizer.TranscribeAsync(new AudioBuffer(samples), new TranscribeOptions(), Ct);
        Assert.False(string.IsNullOrWhiteSpace(batch.Text));

        // 1. All audio sent and answered, then the connection drops without eof or close frame.
        var vanishing = await factory.ConnectAsync(token, Ct);
        await vanishing.SendAllAnsweredAsync(samples, 1000, Ct);
        vanishing.Abort();
        var dropped = await WaitForRecordingsAsync(client, 1);
        Assert.Equal("disconnected", dropped[0].GetProperty("ended").GetString());
        Assert.Equal(batch.Text, dropped[0].GetProperty("text").GetString()); // the buffered tail was decoded too
        Assert.Equal(samples.Length / 16000.0, dropped[0].GetProperty("duration_seconds").GetDouble(), 3);

        // 2. Part of the audio, then a close frame without eof: what was received is kept.
        var closing = await factory.ConnectAsync(token, Ct);
        await closing.SendAllAnsweredAsync(samples.AsSpan(0, 16000).ToArray(), 4000, Ct);
        await closing.CloseAsync(WebSocketCloseStatus.NormalClosure, null, Ct);
        var closed = await WaitForRecordingsAsync(client, 2);
        Assert.Equal("closed", closed[0].GetProperty("ended").GetString());
        Assert.Equal(1.0, closed[0].GetProperty("duration_seconds").GetDouble(), 3);

        // 3. No audio at all: nothing is kept.
        var empty = await factory.ConnectAsync(token, Ct);
        await empty.SendJsonAsync(new { config = new { sample_rate = 16000 } }, Ct);
        empty.Abort();
        var admission = factory.Services.GetRequiredService<StreamAdmission>();
        await Eventually.HoldsAsync(() => admission.Handling == 0, TimeSpan.FromSeconds(60), "the empty stream handled to its end");
        Assert.Equal(2, (await WaitForRecordingsAsync(client, 2)).Count);
    }

    /// <summary>Results of the user's stream.transcript jobs, newest first, once there are <paramref name="count"/>.</summary>
    private static async Task<List<System.Text.Json.JsonElement>> WaitForRecordingsAsync(HttpClient client, int count)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var page = await (await client.GetAsync("/v1/jobs?kind=stream.transcript", Ct)).ReadJsonAsync();
            var ids = page.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("id").GetGuid()).ToList();
            if (ids.Count >= count || watch.Elapsed > TimeSpan.FromSeconds(30))
            {
                Assert.Equal(count, ids.Count);
                var results = new List<System.Text.Json.JsonElement>();
                foreach (var id in ids)
                    results.Add((await (await client.GetAsync($"/v1/jobs/{id}", Ct)).ReadJsonAsync()).GetProperty("result"));
                return results;
            }
            await Task.Delay(50, Ct);
        }
    }

    [Fact]
    public async Task SilentClientIsClosedAfterTheIdleTimeout()
    {
        await WaitForIdleAsync();
        var socket = await factory.ConnectAsync(await factory.TokenAsync(), Ct);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var outcome = await socket.ReceiveAllAsync(Ct);
        Assert.Equal(1008, (int)outcome.CloseStatus!.Value);
        Assert.Contains("idle", outcome.CloseReason);
        Assert.InRange(watch.Elapsed.TotalSeconds, 11.5, 25);
    }

    [Fact]
    public async Task StockVoskSequenceIsAnsweredAndTheRecordingIsKept()
    {
        await WaitForIdleAsync();
        var token = await factory.TokenAsync();
        var sample = SpeechManifest.Load().Single(s => s.File == Files[1]);
        var samples = await StreamTestClient.ReadCanonicalAsync(sample.FullPath);
        var socket = await factory.ConnectAsync(token, Ct);
        // What vosk-server's test_simple.py sends: config, packets of int(rate * 0.2) frames, then eof.
        var outcome = await socket.StreamAsync(samples, new { config = new { sample_rate = 16000 } }, 3200, null, Ct);

        Assert.Equal(WebSocketCloseStatus.NormalClosure, outcome.CloseStatus);
        Assert.All(outcome.Messages, m => Assert.True(m.TryGetProperty("partial", out _) || m.TryGetProperty("text", out _)));
        var final = outcome.Messages[^1];
        var recognizer = factory.Services.GetRequiredService<StreamRecognizers>().Find("pocketsphinx")!; // same decoder settings as streams
        var batch = await recognizer.TranscribeAsync(new AudioBuffer(samples), new TranscribeOptions(), Ct);
        Assert.False(string.IsNullOrWhiteSpace(batch.Text));
        Assert.Equal(batch.Text, outcome.Text);
        foreach (var word in outcome.Results.SelectMany(r => r.TryGetProperty("result", out var w) ? w.EnumerateArray() : Enumerable.Empty<System.Text.Json.JsonElement>()))
        {
            Assert.True(word.GetProperty("end").GetDouble() > word.GetProperty("start").GetDouble());
            Assert.InRange(word.GetProperty("conf").GetDouble(), 0, 1);
            Assert.InRange(word.GetProperty("end").GetDouble(), 0, sample.Duration + 0.1);
        }

        var client = await factory.CreateUserClientAsync();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var job = await (await client.GetAsync($"/v1/jobs/{final.GetProperty("job_id").GetGuid()}", Ct)).ReadJsonAsync();
        Assert.Equal("stream.transcript", job.GetProperty("kind").GetString());
        Assert.Equal(outcome.Text, job.GetProperty("result").GetProperty("text").GetString());
        var listed = await (await client.GetAsync("/v1/jobs?kind=stream.transcript", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains(final.GetProperty("job_id").GetGuid().ToString(), listed);
        var wav = await client.GetByteArrayAsync($"/v1/audio/download?file={final.GetProperty("file_id").GetGuid()}", Ct);
        Assert.Equal(samples.Length * 2 + 44, wav.Length);
    }

    [Fact]
    public async Task FinishedStreamIsARecordingWithItsPhraseListAsKeywords()
    {
        await WaitForIdleAsync();
        var token = await factory.TokenAsync();
        var sample = SpeechManifest.Load().Single(s => s.File == Files[0]);
        var samples = await StreamTestClient.ReadCanonicalAsync(sample.FullPath);
        var socket = await factory.ConnectAsync(token, Ct);
        var config = new { config = new { sample_rate = 16000, phrase_list = new[] { "captain", "refrigerator" } } };
        var outcome = await socket.StreamAsync(samples, config, 1000, null, Ct);
        Assert.Contains("captain", outcome.Text);
        var fileId = outcome.Messages[^1].GetProperty("file_id").GetGuid();

        var client = await factory.CreateUserClientAsync();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var page = await (await client.GetAsync("/v1/recordings?page_size=100", Ct)).ReadJsonAsync();
        var listed = page.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("audio_file_id").GetGuid() == fileId);
        var recording = await (await client.GetAsync($"/v1/recordings/{listed.GetProperty("id").GetGuid()}", Ct)).ReadJsonAsync();
        Assert.Equal("succeeded", recording.GetProperty("status").GetString());
        Assert.Equal(outcome.Messages[^1].GetProperty("job_id").GetGuid(), recording.GetProperty("job_id").GetGuid());
        var result = recording.GetProperty("result");
        Assert.Equal(outcome.Text, result.GetProperty("text").GetString());
        var freqs = result.GetProperty("word_freqs");
        Assert.Equal(outcome.Text.Split(' ').Count(w => w == "captain"), freqs.GetProperty("captain").GetInt32());
        Assert.Equal(0, freqs.GetProperty("refrigerator").GetInt32());
        Assert.All(result.GetProperty("keyword_hits").EnumerateArray(), h => Assert.Equal("captain", h.GetProperty("keyword").GetString()));
        Assert.NotEmpty(result.GetProperty("sentiment").GetProperty("sentences").EnumerateArray());

        // The audio was spooled to disk as it arrived; the stored file holds every sample sent, and no spool is left behind.
        var stored = await client.GetAsync($"/v1/audio/download?file={fileId}", Ct);
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.Equal(samples, Earshot.Audio.WavFile.Read(await stored.Content.ReadAsStreamAsync(Ct)).Samples);
        var scratch = Path.GetDirectoryName(factory.Services.GetRequiredService<Earshot.Server.Files.IFileStore>().CreateTempDirectory())!;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (Directory.EnumerateFiles(scratch, "stream.wav", SearchOption.AllDirectories).Any() && watch.Elapsed < TimeSpan.FromSeconds(5))
            await Task.Delay(50, Ct);
        Assert.Empty(Directory.EnumerateFiles(scratch, "stream.wav", SearchOption.AllDirectories));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/recordings/{listed.GetProperty("id").GetGuid()}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/v1/audio/download?file={fileId}", Ct)).StatusCode);
    }

    [Fact]
    public async Task EightKilohertzAudioIsResampled()
    {
        await WaitForIdleAsync();
        var token = await factory.TokenAsync();
        var samples = await StreamTestClient.ReadCanonicalAsync(RepositoryPaths.Speech(Files[0]));
        var eightK = samples.Where((_, i) => i % 2 == 0).ToArray(); // speech sits below 4 kHz, so plain decimation keeps it
        var socket = await factory.ConnectAsync(token, Ct);
        var outcome = await socket.StreamAsync(eightK, new { config = new { sample_rate = 8000, words = false } }, 1000, null, Ct);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, outcome.CloseStatus);
        Assert.Contains("captain", outcome.Text);
        Assert.All(outcome.Results, r => Assert.False(r.TryGetProperty("result", out _)));
    }

    [Theory]
    [InlineData(1001, 1007, "odd byte count")]
    [InlineData(65538, 1009, "over 65536 bytes")]
    public async Task BadAudioMessagesCloseTheStreamWithAReason(int bytes, int code, string reason)
    {
        await WaitForIdleAsync();
        var socket = await factory.ConnectAsync(await factory.TokenAsync(), Ct);
        await socket.SendAsync(new byte[bytes], WebSocketMessageType.Binary, true, Ct);
        var outcome = await socket.ReceiveAllAsync(Ct);
        Assert.Equal(code, (int)outcome.CloseStatus!.Value);
        Assert.Contains(reason, outcome.CloseReason);
    }

    [Fact]
    public async Task UnauthenticatedUpgradeIsRefused()
    {
        var client = factory.Server.CreateWebSocketClient();
        await Assert.ThrowsAnyAsync<Exception>(() => client.ConnectAsync(new Uri(factory.Server.BaseAddress, "v1/stream"), Ct));
    }

    private async Task WaitForIdleAsync()
    {
        var admission = factory.Services.GetRequiredService<StreamAdmission>();
        for (var i = 0; i < 500 && admission.Open > 0; i++)
            await Task.Delay(10, Ct);
    }
}
