using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.Tokens;

namespace Earshot.Server.Auth;

/// <summary>Turns authentication failures into RFC 7807 bodies that say exactly what was wrong with the credential.</summary>
internal static class AuthProblems
{
    private const string FailureItem = "earshot.auth.failure";

    public static void Remember(HttpContext context, Exception? failure)
    {
        if (failure is not null)
            context.Items[FailureItem] = failure;
    }

    public static string Describe(HttpContext context)
    {
        var failure = context.Items[FailureItem] as Exception;

        return failure switch
        {
            null => "Authentication required: send 'Authorization: Bearer <token>' or 'X-Api-Key: <key>'.",
            SecurityTokenExpiredException => "The access token has expired; request a new one at /v1/auth/token.",
            SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException =>
                "The access token's signature is not valid for this server.",
            SecurityTokenException => "The access token is not valid.",
            ArgumentException => "The access token is malformed.",
            _ => failure.Message,
        };
    }

    public static async Task WriteChallengeAsync(HttpContext context, string detail)
    {
        if (context.Response.HasStarted)
            return;
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = 401, Title = "Unauthorized", Detail = detail },
        });
    }
}
