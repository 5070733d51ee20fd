using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using Earshot.Server.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Earshot.Server.Tests;

[Collection(SharedServerCollection.Name)]
public sealed class AuthApiTests(SharedServer factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RegisteredUserGetsTokenAndSeesThemselves()
    {
        var client = factory.CreateClient();
        var name = "ann" + Guid.NewGuid().ToString("N")[..8];
        var register = await client.PutAsync($"/v1/auth/register?username={name}&password=long-password&email=a@b.c&full_name=Ann%20B", null, Ct);
        Assert.Equal(HttpStatusCode.OK, register.StatusCode);

        var token = await ApiClient.RegisterAndLoginAsync(factory.CreateClient(), name + "x", "long-password");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var me = await (await client.GetAsync("/v1/auth/users/me", Ct)).ReadJsonAsync();
        Assert.Equal(name + "x", me.GetProperty("username").GetString());
        Assert.False(me.GetProperty("disabled").GetBoolean());
    }

    [Fact]
    public async Task TakenUserNameIsRejectedCaseInsensitively()
    {
        var client = factory.CreateClient();
        var name = "bob" + Guid.NewGuid().ToString("N")[..8];
        (await client.PutAsync($"/v1/auth/register?username={name}&password=long-password", null, Ct)).EnsureSuccessStatusCode();
        var again = await client.PutAsync($"/v1/auth/register?username={name.ToUpperInvariant()}&password=long-password", null, Ct);
        await again.AssertProblemAsync(422, "already taken");
        Assert.Equal(1, await factory.QueryDbAsync(db => Task.FromResult(db.Users.Count(u => u.NormalizedUserName == name.ToUpperInvariant()))));
    }

    [Fact]
    public async Task ShortPasswordIsRejected() =>
        await (await factory.CreateClient().PutAsync("/v1/auth/register?username=shorty&password=abc", null, Ct)).AssertProblemAsync(422, "password");

    [Fact]
    public async Task WrongPasswordGets401()
    {
        var client = factory.CreateClient();
        var name = "carl" + Guid.NewGuid().ToString("N")[..8];
        await ApiClient.RegisterAndLoginAsync(client, name, "long-password");
        var response = await client.PostAsync("/v1/auth/token", new FormUrlEncodedContent([new("username", name), new("password", "wrong-password")]), Ct);
        await response.AssertProblemAsync(401, "Incorrect username or password");
    }

    [Fact]
    public async Task MissingTokenGets401Problem() =>
        await (await factory.CreateClient().GetAsync("/v1/auth/users/me", Ct)).AssertProblemAsync(401, "Authentication required");

    [Fact]
    public async Task ExpiredTokenGets401SayingExpired()
    {
        var client = await factory.CreateUserClientAsync();
        var userId = (await (await client.GetAsync("/v1/auth/users/me", Ct)).ReadJsonAsync()).GetProperty("id").GetString()!;
        var key = Convert.FromBase64String(File.ReadAllText(Path.Combine(factory.DataDirectory, "keys", "jwt-signing.key")));
        client.DefaultRequestHeaders.Authorization = new("Bearer", Token(key, userId, DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddHours(-1)));

        await (await client.GetAsync("/v1/auth/users/me", Ct)).AssertProblemAsync(401, "expired");
    }

    [Fact]
    public async Task TokenSignedWithAnotherKeyGets401()
    {
        var client = await factory.CreateUserClientAsync();
        var userId = (await (await client.GetAsync("/v1/auth/users/me", Ct)).ReadJsonAsync()).GetProperty("id").GetString()!;
        client.DefaultRequestHeaders.Authorization = new("Bearer", Token(RandomNumberGenerator.GetBytes(64), userId, DateTime.UtcNow, DateTime.UtcNow.AddHours(1)));

        await (await client.GetAsync("/v1/auth/users/me", Ct)).AssertProblemAsync(401, "signature");
    }

    [Fact]
    public async Task ApiKeyAuthenticatesUntilRevoked()
    {
        var owner = await factory.CreateUserClientAsync();
        var created = await (await owner.PostAsJsonAsync("/v1/auth/api-keys", new { name = "script" }, Ct)).ReadJsonAsync();
        var key = created.GetProperty("key").GetString()!;

        var byKey = factory.CreateClient();
        byKey.DefaultRequestHeaders.Add("X-Api-Key", key);
        var me = await byKey.GetAsync("/v1/auth/users/me", Ct);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);

        var listed = await (await owner.GetAsync("/v1/auth/api-keys", Ct)).ReadJsonAsync();
        Assert.DoesNotContain(key, listed.GetRawText());

        (await owner.DeleteAsync($"/v1/auth/api-keys/{created.GetProperty("id").GetString()}", Ct)).EnsureSuccessStatusCode();
        await (await byKey.GetAsync("/v1/auth/users/me", Ct)).AssertProblemAsync(401, "revoked");
    }

    [Fact]
    public async Task DisabledUserIsRejectedEverywhere()
    {
        var admin = await AdminClientAsync();
        var victim = await factory.CreateUserClientAsync();
        var victimId = (await (await victim.GetAsync("/v1/auth/users/me", Ct)).ReadJsonAsync()).GetProperty("id").GetString();

        (await admin.PatchAsJsonAsync($"/v1/admin/users/{victimId}", new { disabled = true }, Ct)).EnsureSuccessStatusCode();

        await (await victim.GetAsync("/v1/auth/users/me", Ct)).AssertProblemAsync(401, "disabled");
        var activity = await (await admin.GetAsync("/v1/admin/activity", Ct)).ReadJsonAsync();
        Assert.Contains(activity.EnumerateArray(), a => a.GetProperty("action").GetString() == "admin.update_user" && a.GetProperty("target").GetString() == victimId);
    }

    [Fact]
    public async Task NonAdminCannotUseAdminRoutes()
    {
        await AdminClientAsync();
        var user = await factory.CreateUserClientAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/v1/admin/users", Ct)).StatusCode);
    }

    [Fact]
    public async Task DemotedAdminLosesTheRoleOnTokensIssuedBefore()
    {
        var admin = await AdminClientAsync();
        var user = await factory.CreateUserClientAsync();
        var userId = (await (await user.GetAsync("/v1/auth/users/me", Ct)).ReadJsonAsync()).GetProperty("id").GetString();
        (await admin.PatchAsJsonAsync($"/v1/admin/users/{userId}", new { is_admin = true }, Ct)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/v1/admin/users", Ct)).StatusCode);

        (await admin.PatchAsJsonAsync($"/v1/admin/users/{userId}", new { is_admin = false }, Ct)).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/v1/admin/users", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.PatchAsJsonAsync($"/v1/admin/users/{userId}", new { is_admin = true }, Ct)).StatusCode);
        Assert.False((await (await user.GetAsync("/v1/auth/users/me", Ct)).ReadJsonAsync()).GetProperty("is_admin").GetBoolean());
    }

    /// <summary>"root-admin" is an administrator by configuration (see EarshotFactory), whoever registered first.</summary>
    private async Task<HttpClient> AdminClientAsync()
    {
        await AdminGate.WaitAsync(Ct);
        try
        {
            var client = factory.CreateClient();
            await client.PutAsync("/v1/auth/register?username=root-admin&password=admin-password", null, Ct);
            var token = await client.PostAsync("/v1/auth/token", new FormUrlEncodedContent([new("username", "root-admin"), new("password", "admin-password")]), Ct);
            client.DefaultRequestHeaders.Authorization = new("Bearer", (await token.ReadJsonAsync()).GetProperty("access_token").GetString());
            return client;
        }
        finally
        {
            AdminGate.Release();
        }
    }

    private static readonly SemaphoreSlim AdminGate = new(1, 1);

    private static string Token(byte[] key, string userId, DateTime notBefore, DateTime expires) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "earshot", Audience = "earshot",
        Subject = new ClaimsIdentity([new Claim("sub", userId), new Claim("name", "someone")]),
        IssuedAt = notBefore, NotBefore = notBefore, Expires = expires,
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
    });
}

public sealed class AdminBootstrapTests
{
    [Fact]
    public async Task FirstRegisteredUserIsAdminAndSecondIsNot()
    {
        await using var factory = new EarshotFactory();
        var first = await factory.CreateUserClientAsync();
        var second = await factory.CreateUserClientAsync();
        var ct = TestContext.Current.CancellationToken;

        Assert.True((await (await first.GetAsync("/v1/auth/users/me", ct)).ReadJsonAsync()).GetProperty("is_admin").GetBoolean());
        Assert.False((await (await second.GetAsync("/v1/auth/users/me", ct)).ReadJsonAsync()).GetProperty("is_admin").GetBoolean());
    }

    [Fact]
    public async Task TokensSurviveARestartOnTheSameDataDirectory()
    {
        var data = Directory.CreateTempSubdirectory("earshot-restart-").FullName;
        var ct = TestContext.Current.CancellationToken;
        string token;
        await using (var before = new EarshotFactory(dataDirectory: data))
        {
            var client = before.CreateClient();
            token = await ApiClient.RegisterAndLoginAsync(client, "persistent", "long-password");
        }
        await using var after = new EarshotFactory(dataDirectory: data);
        var again = after.CreateClient();
        again.DefaultRequestHeaders.Authorization = new("Bearer", token);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await again.GetAsync("/v1/auth/users/me", ct)).StatusCode);
    }
}
