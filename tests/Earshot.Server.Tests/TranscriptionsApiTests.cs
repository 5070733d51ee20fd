using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Earshot.Server.Tests.Infrastructure;
using Earshot.Testing;

namespace Earshot.Server.Tests;

[Collection(SharedServerCollection.Name)]
public sealed class TranscriptionsApiTests(SharedServer factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Short = "librispeech/3752-4944-0001.flac"; // "abandoned indeed by god and man almost", 4.4 s

    private static MultipartFormDataContent Form(string sample, string model, string format, params string[] granularities)
    {
        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(File.ReadAllBytes(RepositoryPaths.Speech(sample))) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } }, "file", Path.GetFileName(sample) },
            { new StringContent(model), "model" },
            { new StringContent(format), "response_format" },
        };
        foreach (var g in granularities)
            form.Add(new StringContent(g), "timestamp_granularities[]");
        return form;
    }

    [Fact]
    public async Task VerboseJsonHasSegmentsAndWordTimestampsLikeOpenAi()
    {
        var client = await factory.CreateUserClientAsync();
        var response = await client.PostAsync("/v1/audio/transcriptions", Form("jfk/jfk.wav", "whisper-1", "verbose_json", "word", "segment"), Ct);
        var json = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("transcribe", json.GetProperty("task").GetString());
        Assert.InRange(json.GetProperty("duration").GetDouble(), 10.9, 11.1);
        Assert.Contains("country", json.GetProperty("text").GetString());
        Assert.NotEmpty(json.GetProperty("segments").EnumerateArray());
        var words = json.GetProperty("words").EnumerateArray().ToList();
        Assert.Contains(words, w => w.GetProperty("word").GetString() == "country" && w.GetProperty("start").GetDouble() > 8);
    }

    [Theory]
    [InlineData("json", "application/json", "\"text\"")]
    [InlineData("text", "text/plain", "abandoned")]
    [InlineData("srt", "application/x-subrip", " --> ")]
    [InlineData("vtt", "text/vtt", "WEBVTT")]
    public async Task OtherResponseFormats(string format, string contentType, string contains)
    {
        var client = await factory.CreateUserClientAsync();
        var response = await client.PostAsync("/v1/audio/transcriptions", Form(Short, "pocketsphinx", format), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(contains, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task UnknownModelAndFormatAreRejected()
    {
        var client = await factory.CreateUserClientAsync();
        await (await client.PostAsync("/v1/audio/transcriptions", Form(Short, "no-such-model", "json"), Ct)).AssertProblemAsync(404, "pocketsphinx");
        await (await client.PostAsync("/v1/audio/transcriptions", Form(Short, "pocketsphinx", "docx"), Ct)).AssertProblemAsync(422, "response_format");
    }
}

/// <summary>The remote-ASR engine against a real server speaking the protocol: a second Earshot process.</summary>
public sealed class RemoteAsrTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RemoteEngineTranscribesThroughASecondEarshotServer()
    {
        await using var remote = await ServerProcess.StartAsync(Directory.CreateTempSubdirectory("earshot-remote-").FullName);
        using var remoteClient = remote.CreateClient();
        remoteClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            await ApiClient.RegisterAndLoginAsync(remoteClient, "remote-owner", "long-password"));
        var key = (await (await remoteClient.PostAsJsonAsync("/v1/auth/api-keys", new { name = "local" }, Ct)).ReadJsonAsync()).GetProperty("key").GetString();

        await using var local = new EarshotFactory(new Dictionary<string, string?>
        {
            ["Models:Instances:0:Plugin"] = "remote",
            ["Models:Instances:0:Settings:Url"] = remote.BaseAddress.ToString(),
            ["Models:Instances:0:Settings:Model"] = "pocketsphinx",
            ["Models:Instances:0:Settings:Name"] = "remote-sphinx",
            ["Models:Instances:0:Settings:ApiKey"] = key,
            ["Models:Instances:0:Settings:ApiKeyHeader"] = "X-Api-Key",
        });
        var client = await local.CreateUserClientAsync();
        var file = await client.UploadAudioAsync(RepositoryPaths.Speech("jfk/jfk.wav"));

        async Task<System.Text.Json.JsonElement> ProcessAsync(string model)
        {
            var task = (await (await client.PostAsJsonAsync("/v1/audio/process/task", new { audio_file = file, audio_model = model }, Ct)).ReadJsonAsync())
                .GetProperty("task_id").GetGuid();
            var job = await client.WaitForJobAsync(task, TimeSpan.FromSeconds(120));
            Assert.True(job.GetProperty("status").GetString() == "succeeded", job.GetRawText());
            return job.GetProperty("result");
        }

        var viaRemote = await ProcessAsync("remote-sphinx");
        var direct = await ProcessAsync("pocketsphinx");
        Assert.Equal(direct.GetProperty("text").GetString(), viaRemote.GetProperty("text").GetString());
        Assert.Equal(direct.GetProperty("words").GetArrayLength(), viaRemote.GetProperty("words").GetArrayLength());
        Assert.Equal("remote:pocketsphinx", viaRemote.GetProperty("model_version").GetString());
    }
}
