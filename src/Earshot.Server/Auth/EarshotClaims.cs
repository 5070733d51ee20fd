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

    public static string? GetUserName(this ClaimsPrincipal principal) => principal.FindFirstValue(UserName);
}
