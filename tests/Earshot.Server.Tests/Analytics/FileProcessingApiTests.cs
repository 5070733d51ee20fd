using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Earshot.Server.Tests.Infrastructure;

namespace Earshot.Server.Tests.Analytics;

[Collection(SharedServerCollection.Name)]
public sealed class FileProcessingApiTests(SharedServer factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UploadedStereoFileGivesEachChannelItsOwnTimeSeriesSummaryAndTransitions()
    {
        var client = await factory.CreateUserClientAsync();
        var id = await SubmitFileAsync(client, await AnalyticsTestAudio.StereoAsync(),
            "models=speech,gender&output_period=1024&include_summary=true&include_transitions=true&include_raw_values=true");

        var job = await client.WaitForAnalyticsAsync(id);
        Assert.Equal("done", job.GetProperty("state").GetString());
        Assert.Equal(1024, job.GetProperty("config").GetProperty("output_period").GetInt32());
        var channels = (await client.GetFromJsonAsync<JsonElement>($"/file-processing/jobs/{id}/results", Ct)).GetProperty("result").GetProperty("channels");
        var left = channels.GetProperty("0");
        var right = channels.GetProperty("1");

        var series = left.GetProperty("time_series").EnumerateArray().ToList();
        Assert.Equal(8, series.Count);
        Assert.Equal([0L, 1024, 2048, 3072, 4096, 5120, 6144, 7168], series.Select(e => e.GetProperty("timestamp").GetInt64()));
        // JFK pauses with crowd noise between phrases; those steps may be "other", never music.
        Assert.True(series.Take(6).Count(e => Result(e, "speech") == "speech") >= 3 && series.All(e => Result(e, "speech") != "music"),
            $"JFK speaks in the first 6 s of the left channel: {string.Join(", ", series.Select(e => e.GetProperty("raw").GetProperty("speech").ToString()))}");
        Assert.Equal("silence", Result(series[^1], "speech"));
        Assert.Equal("silence", Result(series[^1], "gender"));
        var raw = series[0].GetProperty("raw").GetProperty("speech");
        Assert.Equal(1.0, raw.GetProperty("speech").GetDouble() + raw.GetProperty("music").GetDouble() + raw.GetProperty("other").GetDouble(), 2);

        var music = right.GetProperty("time_series").EnumerateArray().Take(5).ToList();
        Assert.True(music.Count(e => Result(e, "speech") == "music") >= 3, $"the right channel plays music: {string.Join(", ", music.Select(e => Result(e, "speech")))}");
        Assert.All(music.Where(e => Result(e, "speech") is "music" or "other"), e => Assert.Equal("no_speech", Result(e, "gender")));

        var summary = left.GetProperty("summary").GetProperty("speech");
        Assert.Equal(1.0, summary.EnumerateObject().Sum(p => p.Value.GetDouble()), 3);
        Assert.Equal(0.25, summary.GetProperty("silence_fraction").GetDouble(), 3);
        Assert.True(left.GetProperty("summary").GetProperty("gender").TryGetProperty("unknown_fraction", out _));

        var transitions = left.GetProperty("transitions").GetProperty("speech").EnumerateArray().ToList();
        Assert.Equal(0, transitions[0].GetProperty("timestamp_start").GetInt64());
        Assert.Equal(8000, transitions[^1].GetProperty("timestamp_end").GetInt64());
        for (var i = 1; i < transitions.Count; i++)
        {
            Assert.Equal(transitions[i - 1].GetProperty("timestamp_end").GetInt64(), transitions[i].GetProperty("timestamp_start").GetInt64());
            Assert.NotEqual(transitions[i - 1].GetProperty("result").GetString(), transitions[i].GetProperty("result").GetString());
        }
        Assert.Equal("silence", transitions[^1].GetProperty("result").GetString());
    }

    [Fact]
    public async Task OneChannelCanBeChosenAndShortOutputPeriodsStillSeeASecondOfContext()
    {
        var client = await factory.CreateUserClientAsync();
        var id = await SubmitFileAsync(client, await AnalyticsTestAudio.StereoAsync(), "models=speech&output_period=256&channel=1");

        Assert.Equal("done", (await client.WaitForAnalyticsAsync(id)).GetProperty("state").GetString());
        var channels = (await client.GetFromJsonAsync<JsonElement>($"/file-processing/jobs/{id}/results", Ct)).GetProperty("result").GetProperty("channels");
        Assert.Equal(["1"], channels.EnumerateObject().Select(p => p.Name));
        var series = channels.GetProperty("1").GetProperty("time_series").EnumerateArray().ToList();
        Assert.Equal(32, series.Count);
        Assert.False(series[0].TryGetProperty("raw", out _));
        Assert.False(channels.GetProperty("1").TryGetProperty("summary", out _));
    }

    [Fact]
    public async Task AnMp3WhoseLengthIsNoWholeNumberOfBlocksIsAnalysedToItsEnd()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("earshot-analytics-").FullName, "short.mp3");
        var made = await Earshot.Audio.ProcessRunner.RunAsync("ffmpeg", ["-nostdin", "-v", "error", "-y", "-i", Earshot.Testing.RepositoryPaths.Speech("jfk/jfk.wav"),
            "-t", "2.5", "-ar", "16000", "-ac", "1", path], Ct);
        Assert.Equal(0, made.ExitCode);
        var client = await factory.CreateUserClientAsync();
        var content = new ByteArrayContent(await File.ReadAllBytesAsync(path, Ct));
        content.Headers.ContentType = new MediaTypeHeaderValue("audio/mpeg");
        var response = await client.PostAsync("/file-processing/jobs?models=emotions,arousal&include_transitions=true", content, Ct);
        var id = (await response.ReadJsonAsync()).GetProperty("id").GetGuid();

        var job = await client.WaitForAnalyticsAsync(id);
        Assert.Equal("done", job.GetProperty("state").GetString());
        var channel = (await client.GetFromJsonAsync<JsonElement>($"/file-processing/jobs/{id}/results", Ct)).GetProperty("result").GetProperty("channels").GetProperty("0");
        Assert.Equal([0L, 1024, 2048], channel.GetProperty("time_series").EnumerateArray().Select(e => e.GetProperty("timestamp").GetInt64()));
        Assert.InRange(channel.GetProperty("transitions").GetProperty("arousal").EnumerateArray().Last().GetProperty("timestamp_end").GetInt64(), 2500, 2700);
    }

    [Theory]
    [InlineData("models=speech,sarcasm", 422, "Available models: speech, gender, arousal, emotions")]
    [InlineData("output_period=100", 422, "multiple of 64")]
    [InlineData("output_period=soon", 422, "output_period")]
    [InlineData("channel=2", 422, "out of range")]
    [InlineData("include_summary=maybe", 422, "include_summary")]
    public async Task BadParametersAreRefusedBeforeAnyJobExists(string query, int status, string detail)
    {
        var client = await factory.CreateUserClientAsync();
        var response = await PostFileAsync(client, await AnalyticsTestAudio.StereoAsync(), query);
        await response.AssertProblemAsync(status, detail);
        Assert.Equal(0, await CountJobsAsync(client));
    }

    [Fact]
    public async Task ABodyThatIsNotAudioIsRefused()
    {
        var client = await factory.CreateUserClientAsync();
        var content = new ByteArrayContent("this is not audio at all, only text"u8.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        await (await client.PostAsync("/file-processing/jobs?models=speech", content, Ct)).AssertProblemAsync(422, "not audio");
        Assert.Equal(0, await CountJobsAsync(client));
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/audio.wav")]
    [InlineData("http://10.1.2.3/audio.wav")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[::1]/a.wav")]
    [InlineData("http://localhost/a.wav")]
    public async Task UrlsToRefusedAddressesAre422(string url)
    {
        var client = await factory.CreateUserClientAsync();
        var response = await client.PostAsJsonAsync("/file-processing/jobs?models=speech", new { url }, Ct);
        await response.AssertProblemAsync(422, "address not allowed");
        var callback = await client.PostAsJsonAsync($"/file-processing/jobs?models=speech&callback={Uri.EscapeDataString(url)}",
            new { url = "https://example.org/a.wav" }, Ct);
        await callback.AssertProblemAsync(422, "address not allowed");
    }

    [Fact]
    public async Task AnotherUsersJobIsNotFound()
    {
        var owner = await factory.CreateUserClientAsync();
        var id = await SubmitFileAsync(owner, await AnalyticsTestAudio.StereoAsync(), "models=speech&channel=0");
        var stranger = await factory.CreateUserClientAsync();
        await (await stranger.GetAsync($"/file-processing/jobs/{id}", Ct)).AssertProblemAsync(404);
        await (await stranger.GetAsync($"/file-processing/jobs/{id}/results", Ct)).AssertProblemAsync(404);
        Assert.Equal("done", (await owner.WaitForAnalyticsAsync(id)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task JwksServesTheEs512PublicKey()
    {
        var keys = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/.well-known/jwks.json", Ct);
        var key = keys.GetProperty("keys")[0];
        Assert.Equal("EC", key.GetProperty("kty").GetString());
        Assert.Equal("P-521", key.GetProperty("crv").GetString());
        Assert.Equal("ES512", key.GetProperty("alg").GetString());
        Assert.False(key.TryGetProperty("d", out _));
    }

    internal static string Result(JsonElement entry, string model) => entry.GetProperty("results").GetProperty(model).GetProperty("result").GetString()!;

    private static async Task<HttpResponseMessage> PostFileAsync(HttpClient client, string path, string query)
    {
        var content = new ByteArrayContent(await File.ReadAllBytesAsync(path, Ct));
        content.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        return await client.PostAsync($"/file-processing/jobs?{query}", content, Ct);
    }

    private static async Task<Guid> SubmitFileAsync(HttpClient client, string path, string query)
    {
        var response = await PostFileAsync(client, path, query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    private static async Task<int> CountJobsAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/v1/jobs", Ct)).GetProperty("total").GetInt32();
}

public static class AnalyticsClient
{
    /// <summary>Polls GET /file-processing/jobs/{id} until the state is done or error, or fails after the timeout.</summary>
    public static async Task<JsonElement> WaitForAnalyticsAsync(this HttpClient client, Guid id, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(120));
        while (true)
        {
            var job = await client.GetFromJsonAsync<JsonElement>($"/file-processing/jobs/{id}");
            if (job.GetProperty("state").GetString() is "done" or "error")
                return job;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Analytics job {id} still {job.GetProperty("state").GetString()} after the timeout.");
            await client.GetAsync($"/v1/jobs/{id}?wait=2");
        }
    }
}
