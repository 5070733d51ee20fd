using System.Security.Claims;
using System.Text.Encodings.Web;
using Earshot.Server.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Auth;

/// <summary>Authenticates requests carrying X-Api-Key against the stored key hashes.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, EarshotDb db)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || values.ToString() is not { Length: > 0 } key)
            return AuthenticateResult.NoResult();

        var hash = ApiKeyHasher.Hash(key);
        var found = await db.ApiKeys
            .Where(k => k.SecretHash == hash && k.RevokedAt == null)
            .Join(db.Users, k => k.OwnerId, u => u.Id, (k, u) => new { Key = k, User = u })
            .FirstOrDefaultAsync(Context.RequestAborted);
        if (found is null)
            return Fail("The API key is unknown or revoked.");
        if (found.User.Disabled)
            return Fail("The user is disabled.");

        await db.ApiKeys.Where(k => k.Id == found.Key.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, DateTime.UtcNow), Context.RequestAborted);

        var claims = new List<Claim>
        {
            new(EarshotClaims.UserId, found.User.Id.ToString()),
            new(EarshotClaims.UserName, found.User.UserName),
        };
        if (found.User.IsAdmin)
            claims.Add(new Claim(EarshotClaims.Role, EarshotClaims.AdminRole));
        var identity = new ClaimsIdentity(claims, SchemeName, EarshotClaims.UserName, EarshotClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private AuthenticateResult Fail(string message)
    {
        var result = AuthenticateResult.Fail(message);
        AuthProblems.Remember(Context, result.Failure);
        return result;
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        AuthProblems.WriteChallengeAsync(Context, AuthProblems.Describe(Context));
}
