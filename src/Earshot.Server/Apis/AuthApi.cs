using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json;
using Earshot.Server.Activity;
using Earshot.Server.Auth;
using Earshot.Server.Infrastructure;
using Earshot.Server.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Apis;

public sealed record RegisterRequest(string? Username, string? Password, string? Email, string? FullName);
public sealed record RegisterResponse(string Text, Guid UserId);
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);
public sealed record UserResponse(Guid Id, string Username, string? Email, string? FullName, bool Disabled, bool IsAdmin);

/// <summary>Accounts and tokens (seed routes under /v1/auth).</summary>
public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("v1/auth").WithTags("Auth");
        api.MapPut("register", Register).AllowAnonymous().WithName(nameof(Register))
            .WithSummary("Register a user (query parameters as in the seed, or a JSON body). The first user becomes administrator.");
        api.MapPost("token", Token).AllowAnonymous().DisableAntiforgery().WithName(nameof(Token))
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("OAuth2 password grant: form fields username and password; returns a bearer token.");
        api.MapGet("users/me", Me).WithName(nameof(Me)).WithSummary("The signed-in user.");
        return app;
    }

    internal static UserResponse ToResponse(User u) => new(u.Id, u.UserName, u.Email, u.FullName, u.Disabled, u.IsAdmin);

    private static async Task<Results<Ok<RegisterResponse>, ProblemHttpResult>> Register(
        [Description("Unique user name")] string? username, string? password, string? email, [FromQuery(Name = "full_name")] string? fullName,
        HttpRequest request, UserAccounts accounts, ActivityLog activity, CancellationToken cancellationToken)
    {
        if (request.HasJsonContentType())
        {
            RegisterRequest? body;
            try
            {
                body = await request.ReadFromJsonAsync<RegisterRequest>(cancellationToken);
            }
            catch (JsonException ex)
            {
                return Problems.Problem(StatusCodes.Status400BadRequest, "Malformed request", $"The JSON body is not valid: {ex.Message}");
            }
            (username, password, email, fullName) = (username ?? body?.Username, password ?? body?.Password,
                email ?? body?.Email, fullName ?? body?.FullName);
        }

        var (user, problem) = await accounts.CreateAsync(username, password, email, fullName, admin: null, cancellationToken);
        if (user is null)
            return Problems.Validation(problem!);
        await activity.RecordAsync("auth.register", "ok", user.Id, user.UserName, cancellationToken: cancellationToken);
        return TypedResults.Ok(new RegisterResponse("User registered", user.Id));
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Token(HttpContext context, EarshotDb db,
        IPasswordHasher<User> hasher, TokenService tokens, IOptions<AuthOptions> options, ActivityLog activity, CancellationToken cancellationToken)
    {
        if (!context.Request.HasFormContentType)
            return Problems.Unsupported("Send the username and password as form fields (application/x-www-form-urlencoded or multipart/form-data), as in the OAuth2 password grant.");
        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            return Problems.Problem(StatusCodes.Status400BadRequest, "Malformed request", $"The form body is not valid: {ex.Message}");
        }
        var (username, password) = (form["username"].ToString(), form["password"].ToString());
        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password))
            return Problems.Validation("username and password form fields are required");

        var key = UserNames.Key(username);
        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedUserName == key, cancellationToken);
        // An unknown name costs a hash check too, so the answer's timing does not tell which names exist.
        var verified = user is null
            ? DummyCheck(hasher, password)
            : hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;
        if (user is null || !verified)
        {
            await activity.RecordAsync("auth.token", "denied", user?.Id, username, cancellationToken: cancellationToken);
            return Problems.Unauthorized("Incorrect username or password");
        }
        if (user.Disabled)
        {
            await activity.RecordAsync("auth.token", "denied", user.Id, username, detail: "disabled", cancellationToken: cancellationToken);
            return Problems.Problem(StatusCodes.Status400BadRequest, "Inactive user", "The user is disabled.");
        }

        var (token, _) = tokens.CreateToken(user);
        await activity.RecordAsync("auth.token", "ok", user.Id, user.UserName, cancellationToken: cancellationToken);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
        return TypedResults.Ok(new TokenResponse(token, "bearer", (int)options.Value.TokenLifetime.TotalSeconds));
    }

    private static readonly User DummyUser = new() { UserName = "", NormalizedUserName = "", PasswordHash = "" };
    private static string? _dummyHash;

    private static bool DummyCheck(IPasswordHasher<User> hasher, string password)
    {
        _dummyHash ??= hasher.HashPassword(DummyUser, Guid.NewGuid().ToString());
        hasher.VerifyHashedPassword(DummyUser, _dummyHash, password);
        return false;
    }

    private static async Task<Results<Ok<UserResponse>, NotFound>> Me(ClaimsPrincipal principal, EarshotDb db, CancellationToken cancellationToken)
    {
        var id = principal.GetUserId();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        return user is null ? TypedResults.NotFound() : TypedResults.Ok(ToResponse(user));
    }
}
