using System.Net.Http.Json;
using System.Text.Json;
using Earshot.Server.Tests.Infrastructure;

namespace Earshot.Server.Tests.Analytics;

/// <summary>One analytics job at a time per user, and 127.0.0.1 reachable.</summary>
public sealed class OneJobServer() : EarshotFactory(new Dictionary<string, string?>
{
    ["Downloads:AllowedHosts:0"] = "127.0.0.1",
    ["Analytics:MaxActiveJobsPerUser"] = "1",
});

public sealed class AnalyticsLimitTests(OneJobServer factory) : IClassFixture<OneJobServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AUserOverTheActiveJobLimitGets429UntilTheirJobEnds()
    {
        await using var host = await AudioHost.StartAsync(await AnalyticsTestAudio.StereoAsync());
        var client = await factory.CreateUserClientAsync();
        var first = await client.PostAsJsonAsync("/file-processing/jobs?models=speech", new { url = host.Url("/slow.wav") }, Ct);
        Assert.True(first.IsSuccessStatusCode, await first.Content.ReadAsStringAsync(Ct));
        var id = (await first.ReadJsonAsync()).GetProperty("id").GetGuid();

        // The limit is the job kind's, so both routes to an analytics job meet it, with the same answer.
        var second = await client.PostAsJsonAsync("/file-processing/jobs?models=speech", new { url = host.Url("/audio.wav") }, Ct);
        await AssertLimitedAsync(second);
        var generic = await client.PostAsJsonAsync("/v1/jobs", new { kind = "audio.analytics", request = new { url = host.Url("/audio.wav"), models = new[] { "speech" } } }, Ct);
        await AssertLimitedAsync(generic);
        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>("/v1/jobs", Ct)).GetProperty("total").GetInt32());
        var other = await factory.CreateUserClientAsync();
        var others = await other.PostAsJsonAsync("/file-processing/jobs?models=speech", new { url = host.Url("/audio.wav") }, Ct);
        Assert.True(others.IsSuccessStatusCode, "the limit is per user");

        host.SlowGate.SetResult();
        Assert.Equal("done", (await client.WaitForAnalyticsAsync(id)).GetProperty("state").GetString());
        var third = await client.PostAsJsonAsync("/file-processing/jobs?models=speech", new { url = host.Url("/audio.wav") }, Ct);
        Assert.True(third.IsSuccessStatusCode, await third.Content.ReadAsStringAsync(Ct));
    }

    private static async Task AssertLimitedAsync(HttpResponseMessage response)
    {
        await response.AssertProblemAsync(429, "limit is 1");
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "a 429 says when to try again");
    }

    [Fact]
    public async Task TheGenericJobsRouteMeetsTheAnalyticsLimitFirst()
    {
        await using var host = await AudioHost.StartAsync(await AnalyticsTestAudio.StereoAsync());
        var client = await factory.CreateUserClientAsync();
        var first = await client.PostAsJsonAsync("/v1/jobs", new { kind = "audio.analytics", request = new { url = host.Url("/slow.wav"), models = new[] { "speech" } } }, Ct);
        Assert.True(first.IsSuccessStatusCode, await first.Content.ReadAsStringAsync(Ct));
        var id = (await first.ReadJsonAsync()).GetProperty("id").GetGuid();

        await AssertLimitedAsync(await client.PostAsJsonAsync("/file-processing/jobs?models=speech", new { url = host.Url("/audio.wav") }, Ct));
        await AssertLimitedAsync(await client.PostAsJsonAsync("/v1/jobs", new { kind = "audio.analytics", request = new { url = host.Url("/audio.wav") } }, Ct));

        host.SlowGate.SetResult();
        Assert.Equal("done", (await client.WaitForAnalyticsAsync(id)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task TheGenericJobsRouteRefusesAnotherUsersUpload()
    {
        var client = await factory.CreateUserClientAsync();
        var response = await client.PostAsJsonAsync("/v1/jobs", new
        {
            kind = "audio.analytics",
            request = new { upload_key = $"{Guid.NewGuid()}/analytics/0123/audio", models = new[] { "speech" } },
        }, Ct);
        await response.AssertProblemAsync(404, "No such upload");
        var bad = await client.PostAsJsonAsync("/v1/jobs", new { kind = "audio.analytics", request = new { url = "http://10.0.0.7/a.wav", output_period = 1000 } }, Ct);
        await bad.AssertProblemAsync(422, "multiple of 64");
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/v1/jobs", Ct)).GetProperty("total").GetInt32());
    }
}
