using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Earshot.Server.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Earshot.Server.Tests.Analytics;

/// <summary>A server that may reach 127.0.0.1 (Downloads:AllowedHosts), with fast callback retries and a small upload limit.</summary>
public sealed class UrlServer() : EarshotFactory(new Dictionary<string, string?>
{
    ["Downloads:AllowedHosts:0"] = "127.0.0.1",
    ["Downloads:CallbackRetryDelay"] = "00:00:00.050",
    ["Analytics:MaxUploadBytes"] = "100000",
});

public sealed class AnalyticsUrlTests(UrlServer factory) : IClassFixture<UrlServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AUrlIsDownloadedWithASignedRequestAndTheCallbackGetsTheJobState()
    {
        await using var host = await AudioHost.StartAsync(await AnalyticsTestAudio.StereoAsync());
        var client = await factory.CreateUserClientAsync();
        var url = host.Url("/to-audio");
        var id = await SubmitUrlAsync(client, url, $"models=speech&include_summary=true&callback={Uri.EscapeDataString(host.Url("/callback/ok"))}");

        var job = await WaitForDeliveriesAsync(client, id, 1);
        Assert.Equal("done", job.GetProperty("state").GetString());
        Assert.Equal(url, job.GetProperty("config").GetProperty("url").GetString());
        var delivery = job.GetProperty("callback_deliveries")[0];
        Assert.Equal(200, delivery.GetProperty("status").GetInt32());

        var (name, body, callbackToken) = Assert.Single(host.Callbacks);
        Assert.Equal("ok", name);
        var posted = JsonDocument.Parse(body).RootElement;
        Assert.Equal(id, posted.GetProperty("id").GetGuid());
        Assert.Equal("done", posted.GetProperty("state").GetString());

        var keys = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/.well-known/jwks.json", Ct);
        var download = await ValidateAsync(Assert.Single(host.DownloadTokens), keys);
        Assert.Equal(id.ToString(), download.GetClaim("job_id").Value);
        Assert.Equal(host.Url("/audio.wav"), download.GetClaim("url").Value);
        Assert.True(Guid.TryParse(download.GetClaim("account_id").Value, out _));
        Assert.False(string.IsNullOrEmpty(download.GetClaim("jti").Value));
        var callback = await ValidateAsync(callbackToken!, keys);
        Assert.Equal(host.Url("/callback/ok"), callback.GetClaim("url").Value);
        Assert.NotEqual(download.GetClaim("jti").Value, callback.GetClaim("jti").Value);

        var result = await client.GetFromJsonAsync<JsonElement>($"/file-processing/jobs/{id}/results", Ct);
        Assert.Equal(2, result.GetProperty("result").GetProperty("channels").EnumerateObject().Count());
    }

    [Fact]
    public async Task ACallbackAnswering5xxIsRetriedAndEveryAttemptIsRecorded()
    {
        await using var host = await AudioHost.StartAsync(await AnalyticsTestAudio.StereoAsync());
        var client = await factory.CreateUserClientAsync();
        var flaky = await SubmitUrlAsync(client, host.Url("/audio.wav"), $"models=speech&channel=0&callback={Uri.EscapeDataString(host.Url("/callback/flaky"))}");
        var broken = await SubmitUrlAsync(client, host.Url("/audio.wav"), $"models=speech&channel=0&callback={Uri.EscapeDataString(host.Url("/callback/broken"))}");
        var refusing = await SubmitUrlAsync(client, host.Url("/audio.wav"), $"models=speech&channel=0&callback={Uri.EscapeDataString(host.Url("/callback/refusing"))}");

        var statuses = (await WaitForDeliveriesAsync(client, flaky, 2)).GetProperty("callback_deliveries").EnumerateArray().Select(d => d.GetProperty("status").GetInt32());
        Assert.Equal([503, 200], statuses);
        var brokenDeliveries = (await WaitForDeliveriesAsync(client, broken, 4)).GetProperty("callback_deliveries").EnumerateArray().ToList();
        Assert.Equal([500, 500, 500, 500], brokenDeliveries.Select(d => d.GetProperty("status").GetInt32()));
        Assert.All(brokenDeliveries, d => Assert.Contains("500", d.GetProperty("error").GetString()));
        var refused = (await WaitForDeliveriesAsync(client, refusing, 1)).GetProperty("callback_deliveries");
        Assert.Equal(400, Assert.Single(refused.EnumerateArray()).GetProperty("status").GetInt32());
        Assert.Equal(1, host.Callbacks.Count(c => c.Name == "refusing"));
    }

    [Theory]
    [InlineData("/missing.wav", "HTTP 404")]
    [InlineData("/text.wav", "not audio")]
    [InlineData("/to-loopback-v6", "address not allowed")]
    public async Task AUrlThatGivesNoAudioEndsTheJobInErrorWithADescription(string path, string description)
    {
        await using var host = await AudioHost.StartAsync(await AnalyticsTestAudio.StereoAsync());
        var client = await factory.CreateUserClientAsync();
        var id = await SubmitUrlAsync(client, host.Url(path), "models=speech");

        var job = await client.WaitForAnalyticsAsync(id);
        Assert.Equal("error", job.GetProperty("state").GetString());
        Assert.Contains(description, job.GetProperty("error_description").GetString(), StringComparison.OrdinalIgnoreCase);
        await (await client.GetAsync($"/file-processing/jobs/{id}/results", Ct)).AssertProblemAsync(409);
    }

    [Fact]
    public async Task AnUploadOverTheLimitIs413AndStoresNothing()
    {
        var client = await factory.CreateUserClientAsync();
        var content = new ByteArrayContent(await File.ReadAllBytesAsync(await AnalyticsTestAudio.StereoAsync(), Ct));
        content.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        await (await client.PostAsync("/file-processing/jobs?models=speech", content, Ct)).AssertProblemAsync(413, "100000 byte");
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/v1/jobs", Ct)).GetProperty("total").GetInt32());
        Assert.DoesNotContain(factory.StoredFiles(), f => f.Contains("/analytics/"));
    }

    private static async Task<JwtPayload> ValidateAsync(string token, JsonElement keys)
    {
        var jwk = keys.GetProperty("keys")[0];
        var ecdsa = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP521,
            Q = new ECPoint { X = Base64UrlEncoder.DecodeBytes(jwk.GetProperty("x").GetString()), Y = Base64UrlEncoder.DecodeBytes(jwk.GetProperty("y").GetString()) },
        });
        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = new ECDsaSecurityKey(ecdsa) { KeyId = jwk.GetProperty("kid").GetString() },
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha512],
        });
        Assert.True(validation.IsValid, validation.Exception?.Message);
        var jwt = (JsonWebToken)validation.SecurityToken;
        Assert.Equal(jwk.GetProperty("kid").GetString(), jwt.Kid);
        Assert.True(jwt.ValidTo > jwt.IssuedAt);
        return new JwtPayload(jwt);
    }

    private sealed record JwtPayload(JsonWebToken Token)
    {
        public System.Security.Claims.Claim GetClaim(string type) => Token.GetClaim(type);
    }

    private static async Task<Guid> SubmitUrlAsync(HttpClient client, string url, string query)
    {
        var response = await client.PostAsJsonAsync($"/file-processing/jobs?{query}", new { url }, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    /// <summary>Waits until the job has ended and has at least <paramref name="count"/> recorded callback attempts.</summary>
    private static async Task<JsonElement> WaitForDeliveriesAsync(HttpClient client, Guid id, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            var job = await client.WaitForAnalyticsAsync(id);
            if (job.GetProperty("callback_deliveries").GetArrayLength() >= count)
                return job;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Job {id} has {job.GetProperty("callback_deliveries").GetArrayLength()} callback deliveries, not {count}.");
            await Task.Delay(200, Ct);
        }
    }
}
