using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Earshot.Server.Entities;
using Earshot.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Earshot.Server.Tests;

/// <summary>Registration, sign-in and credential handling under hostile use.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class AccountSecurityTests(SharedServer factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    [Theory]
    [InlineData("12345678")]
    [InlineData("password")]
    [InlineData("        ")]
    [InlineData("          ")]
    [InlineData("qwertyuiop")]
    [InlineData("Password123")]
    [InlineData("short-pw1")]
    public async Task WeakPasswordsAreRefused(string password)
    {
        var response = await factory.CreateClient().PutAsync(
            $"/v1/auth/register?username={NewName("weak")}&password={Uri.EscapeDataString(password)}", null, Ct);
        await response.AssertProblemAsync(422, "password");
    }

    [Fact]
    public async Task ThePasswordCannotBeTheUserName()
    {
        var name = NewName("samename");
        await (await factory.CreateClient().PutAsync($"/v1/auth/register?username={name}&password={name.ToUpperInvariant()}", null, Ct))
            .AssertProblemAsync(422, "user name");
    }

    [Fact]
    public async Task LookAlikeUserNamesAreRefused()
    {
        var client = factory.CreateClient();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        (await client.PutAsync($"/v1/auth/register?username=admin{suffix}&password=long-password", null, Ct)).EnsureSuccessStatusCode();

        var fullWidth = string.Concat("admin".Select(c => (char)(c - 'a' + 'ａ'))) + suffix;
        var cyrillic = "\u0430dmin" + suffix;
        foreach (var lookAlike in new[] { fullWidth, cyrillic, "ADMIN" + suffix })
            await (await client.PutAsync($"/v1/auth/register?username={Uri.EscapeDataString(lookAlike)}&password=long-password", null, Ct))
                .AssertProblemAsync(422, "already taken");
    }

    [Fact]
    public async Task UserNamesAreStoredNfkcNormalised()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var fullWidth = string.Concat("ann".Select(c => (char)(c - 'a' + 'ａ'))) + suffix;
        var client = await factory.CreateUserClientAsync(fullWidth, "long-password");
        var me = await (await client.GetAsync("/v1/auth/users/me", Ct)).ReadJsonAsync();
        Assert.Equal("ann" + suffix, me.GetProperty("username").GetString());
    }

    [Fact]
    public async Task BidirectionalControlsInUserNamesAreRefused() =>
        await (await factory.CreateClient().PutAsync($"/v1/auth/register?username={Uri.EscapeDataString("\u202Enimda" + NewName(""))}&password=long-password", null, Ct))
            .AssertProblemAsync(422, "bidirectional");

    [Fact]
    public async Task MalformedJsonToRegisterIs400() =>
        await (await factory.CreateClient().PutAsync("/v1/auth/register", new StringContent("{\"username\": \"x\",", System.Text.Encoding.UTF8, "application/json"), Ct))
            .AssertProblemAsync(400, "JSON");

    [Fact]
    public async Task AJsonBodyToTheTokenRouteIs415WithTheReason()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/v1/auth/token", new { username = "x", password = "long-password" }, Ct);
        await response.AssertProblemAsync(415, "form fields");
    }

    [Fact]
    public async Task TokenResponsesAreNotCached()
    {
        var name = NewName("nocache");
        var client = factory.CreateClient();
        (await client.PutAsync($"/v1/auth/register?username={name}&password=long-password", null, Ct)).EnsureSuccessStatusCode();
        var response = await client.PostAsync("/v1/auth/token", new FormUrlEncodedContent([new("username", name), new("password", "long-password")]), Ct);
        response.EnsureSuccessStatusCode();
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store expected on a token response");

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await response.ReadJsonAsync()).GetProperty("access_token").GetString());
        var key = await client.PostAsJsonAsync("/v1/auth/api-keys", new { name = "script" }, Ct);
        Assert.Equal(HttpStatusCode.Created, key.StatusCode);
        Assert.True(key.Headers.CacheControl?.NoStore, "Cache-Control: no-store expected on a new API key's secret");
    }

    [Fact]
    public async Task AnEmptyApiKeyHeaderBesideABearerTokenUsesTheToken()
    {
        var client = await factory.CreateUserClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/auth/users/me");
        request.Headers.TryAddWithoutValidation("X-Api-Key", "");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request, Ct)).StatusCode);
    }

    [Fact]
    public async Task AnAccessTokenInTheQueryIsOnlyForWebSocketUpgrades()
    {
        var user = await factory.CreateUserClientAsync();
        var token = user.DefaultRequestHeaders.Authorization!.Parameter;
        await (await factory.CreateClient().GetAsync($"/v1/auth/users/me?access_token={token}", Ct)).AssertProblemAsync(401, "Authentication required");
    }
}

public sealed class AdminBootstrapRaceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConcurrentFirstRegistrationsMakeExactlyOneAdministrator()
    {
        await using var factory = new EarshotFactory();
        var client = factory.CreateClient();
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            client.PutAsync($"/v1/auth/register?username=racer{i}&password=long-password", null, Ct)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, await factory.QueryDbAsync(db => db.Users.CountAsync(u => u.IsAdmin, Ct)));
    }

    [Fact]
    public async Task UsersAddMakesAnAdministratorFromTheCommandLine()
    {
        var data = Directory.CreateTempSubdirectory("earshot-users-").FullName;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "earshot.dll"), "users", "add", "operator", "--admin", "--data", data })
            start.ArgumentList.Add(arg);
        start.Environment["EARSHOT_MODELS"] = Earshot.Testing.RepositoryPaths.Models;
        using (var process = Process.Start(start)!)
        {
            await process.StandardInput.WriteLineAsync("operator-password");
            process.StandardInput.Close();
            var output = await process.StandardOutput.ReadToEndAsync(Ct) + await process.StandardError.ReadToEndAsync(Ct);
            await process.WaitForExitAsync(Ct);
            Assert.True(process.ExitCode == 0, output);
        }

        await using var factory = new EarshotFactory(dataDirectory: data);
        var op = factory.CreateClient();
        op.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LoginAsync(op, "operator", "operator-password"));
        Assert.Equal(HttpStatusCode.OK, (await op.GetAsync("/v1/admin/users", Ct)).StatusCode);
        var later = await factory.CreateUserClientAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await later.GetAsync("/v1/admin/users", Ct)).StatusCode);
    }

    private static async Task<string> LoginAsync(HttpClient client, string name, string password)
    {
        var token = await client.PostAsync("/v1/auth/token", new FormUrlEncodedContent([new("username", name), new("password", password)]), Ct);
        token.EnsureSuccessStatusCode();
        return (await token.ReadJsonAsync()).GetProperty("access_token").GetString()!;
    }
}

public sealed class LoginAbuseTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RepeatedSignInsAreLimitedPerAccountAndPerAddress()
    {
        await using var factory = new EarshotFactory(new Dictionary<string, string?>
        {
            ["Auth:LoginAttemptsPerAccount"] = "3", ["Auth:LoginAttemptsPerAddress"] = "8", ["Auth:LoginWindow"] = "00:10:00",
        });
        var client = factory.CreateClient();
        (await client.PutAsync("/v1/auth/register?username=target&password=long-password", null, Ct)).EnsureSuccessStatusCode();

        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await TryAsync(client, "target", "wrong-password")).StatusCode);
        var limited = await TryAsync(client, "target", "long-password");
        await limited.AssertProblemAsync(429, "sign-in attempts");
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After expected");

        // fresh account names from the same address run into the address limit
        HttpResponseMessage? last = null;
        for (var i = 0; i < 8 && last?.StatusCode != HttpStatusCode.TooManyRequests; i++)
            last = await TryAsync(client, $"nobody{i}", "wrong-password");
        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
    }

    [Fact]
    public async Task AnUnknownUserCostsAPasswordCheckLikeAKnownOne()
    {
        var hasher = new CountingHasher();
        await using var factory = new HasherFactory(hasher);
        var client = factory.CreateClient();
        (await client.PutAsync("/v1/auth/register?username=known&password=long-password", null, Ct)).EnsureSuccessStatusCode();

        var before = hasher.Verifications;
        Assert.Equal(HttpStatusCode.Unauthorized, (await TryAsync(client, "known", "wrong-password")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TryAsync(client, "unknown", "wrong-password")).StatusCode);
        Assert.Equal(before + 2, hasher.Verifications);
    }

    private static Task<HttpResponseMessage> TryAsync(HttpClient client, string name, string password) =>
        client.PostAsync("/v1/auth/token", new FormUrlEncodedContent([new("username", name), new("password", password)]), Ct);

    private sealed class CountingHasher : IPasswordHasher<User>
    {
        private readonly PasswordHasher<User> _inner = new();
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(User user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(User user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    private sealed class HasherFactory(IPasswordHasher<User> hasher) : EarshotFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton(hasher));
        }
    }
}
