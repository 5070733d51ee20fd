using System.Security.Claims;
using Earshot.Server.Entities;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Earshot.Server.Auth;

/// <summary>Issues and describes the JWT access tokens.</summary>
public sealed class TokenService(SigningKeyStore keys, IOptions<AuthOptions> options, TimeProvider clock)
{
    public const string Issuer = "earshot";
    public const string Audience = "earshot";

    public (string Token, DateTime ExpiresAt) CreateToken(User user)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var expires = now + options.Value.TokenLifetime;
        var claims = new List<Claim> { new(EarshotClaims.UserId, user.Id.ToString()), new(EarshotClaims.UserName, user.UserName) };
        if (user.IsAdmin)
            claims.Add(new Claim(EarshotClaims.Role, EarshotClaims.AdminRole));

        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(keys.Key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }

    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = keys.Key,
        ValidateIssuerSigningKey = true,
        ValidateLifetime = true,
        ClockSkew = TimeSpan.FromSeconds(5),
        NameClaimType = EarshotClaims.UserName,
        RoleClaimType = EarshotClaims.Role,
    };
}
