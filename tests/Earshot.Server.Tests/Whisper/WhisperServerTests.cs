using System.Net;
using System.Net.WebSockets;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Earshot.Server.Tests.Infrastructure;
using Earshot.Testing;

namespace Earshot.Server.Tests.Whisper;

/// <summary>A server with whisper.cpp's weight-less test file configured as "whisper-test": it is listed, routes and jobs
/// reach it and return its (empty) result. Says nothing about accuracy, which needs real weights.</summary>
public sealed class WhisperServerFixture() : EarshotFactory(new Dictionary<string, string?>
{
    ["Models:Builtin:whisper:ModelPath"] = Path.Combine(RepositoryPaths.Shared, "models", "whisper", "for-tests-ggml-tiny.en.bin"),
    ["Models:Builtin:whisper:Name"] = "whisper-test",
    ["Models:Builtin:whisper:PoolSize"] = "1",
    ["Models:Builtin:whisper:Threads"] = "1",
    ["Models:Disabled:0"] = "ppocr",
    ["Models:Disabled:1"] = "tesseract",
});

public sealed class WhisperServerTests(WhisperServerFixture factory) : IClassFixture<WhisperServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConfiguredWeightsAreListedAsAnAudioModelWithTheirVersion()
    {
        var client = await factory.CreateUserClientAsync();
        var audio = (await (await client.GetAsync("/v1/audio/models", Ct)).ReadJsonAsync()).GetProperty("models");
        var whisper = audio.EnumerateArray().Single(m => m.GetProperty("name").GetString() == "whisper-test");
        Assert.Equal(["en"], whisper.GetProperty("languages").EnumerateArray().Select(l => l.GetString()));

        var all = (await (await client.GetAsync("/v1/models", Ct)).ReadJsonAsync()).GetProperty("models");
        Assert.Contains(all.EnumerateArray(), m => m.GetProperty("name").GetString() == "whisper-test"
            && m.GetProperty("version").GetString()!.StartsWith("whisper.net-1.9.1:for-tests-ggml-tiny.en.bin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OpenAiRouteSendsWhisper1ToTheWhisperModel()
    {
        var client = await factory.CreateUserClientAsync();
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(await File.ReadAllBytesAsync(RepositoryPaths.Speech("jfk/jfk.wav"), Ct)) { Headers = { ContentType = new MediaTypeHeaderValue("audio/wav") } }, "file", "jfk.wav" },
            { new StringContent("whisper-1"), "model" },
            { new StringContent("verbose_json"), "response_format" },
            { new StringContent("word"), "timestamp_granularities[]" },
        };
        var response = await client.PostAsync("/v1/audio/transcriptions", form, Ct);
        var json = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(json.GetProperty("duration").GetDouble(), 10.9, 11.1);
        // the test weights recognise nothing; with PocketSphinx behind whisper-1 this text would hold the speech
        Assert.Equal("", json.GetProperty("text").GetString());
        Assert.Equal(0, json.GetProperty("words").GetArrayLength());
    }

    [Fact]
    public async Task AudioProcessJobRunsOnTheWhisperModel()
    {
        var client = await factory.CreateUserClientAsync();
        var file = await client.UploadAudioAsync(RepositoryPaths.Speech("jfk/jfk.wav"));

        var task = (await (await client.PostAsJsonAsync("/v1/audio/process/task", new { audio_file = file, audio_model = "whisper-test" }, Ct)).ReadJsonAsync())
            .GetProperty("task_id").GetGuid();
        var job = await client.WaitForJobAsync(task, TimeSpan.FromSeconds(120));

        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        var result = await (await client.GetAsync($"/v1/audio/process/result?task_id={task}", Ct)).ReadJsonAsync();
        Assert.Equal("", result.GetProperty("text").GetString());
    }

    [Fact]
    public async Task AStreamCanUseTheWhisperModel()
    {
        var samples = (await StreamTestClient.ReadCanonicalAsync(RepositoryPaths.Speech("jfk/jfk.wav")))[..(int)(4.5 * 16_000)];
        using var socket = await factory.ConnectAsync(await factory.TokenAsync(), Ct);

        var outcome = await socket.StreamAsync(samples, new { config = new { sample_rate = 16000, model = "whisper-test" } }, 4000, null, Ct);

        Assert.Equal(WebSocketCloseStatus.NormalClosure, outcome.CloseStatus);
        Assert.All(outcome.Partials, p => Assert.Equal("", p.GetProperty("partial").GetString()));
        Assert.Equal("", outcome.Text);
    }
}
