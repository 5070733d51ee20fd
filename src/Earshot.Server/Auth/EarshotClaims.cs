using System.Security.Claims;

namespace Earshot.Server.Auth;

public static class EarshotClaims
{
    public const string UserId = "sub";
    public const string UserName = "name";
    public const string Role = "role";
    public const string AdminRole = "admin";
    public const string AdminPolicy = "admin";

    /// <summary>The signed-in user's id; endpoints behind authorisation always have one.</summary>
    public static Guid GetUserId(this ClaimsPrincipal principal) =>
        Guid.Parse(principal.FindFirstValue(UserId) ?? throw new InvalidOperationException("No user id claim."));

    /// <summary>
    /// Makes the principal's role match the database: a token's role claim only says what the user was when it was issued,
    /// so a demoted administrator's old token must not keep the role (and a promoted user's gains it).
    /// </summary>
    public static void SetAdminRole(ClaimsPrincipal principal, bool isAdmin)
    {
        foreach (var identity in principal.Identities)
            foreach (var claim in identity.FindAll(c => c.Type == identity.RoleClaimType || c.Type == Role).ToList())
                identity.TryRemoveClaim(claim);
        if (isAdmin)
            (principal.Identity as ClaimsIdentity)?.AddClaim(new Claim(Role, AdminRole));
    }

    public static string? GetUserName(this ClaimsPrincipal principal) => principal.FindFirstValue(UserName);
}
