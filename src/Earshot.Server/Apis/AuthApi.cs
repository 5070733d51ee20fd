using System.ComponentModel;
using System.Security.Claims;
using Earshot.Server.Activity;
using Earshot.Server.Auth;
using Earshot.Server.Infrastructure;
using Earshot.Server.Model;
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
            .WithSummary("OAuth2 password grant: form fields username and password; returns a bearer token.");
        api.MapGet("users/me", Me).WithName(nameof(Me)).WithSummary("The signed-in user.");
        return app;
    }

    internal static UserResponse ToResponse(User u) => new(u.Id, u.UserName, u.Email, u.FullName, u.Disabled, u.IsAdmin);

    private static async Task<Results<Ok<RegisterResponse>, ProblemHttpResult>> Register(
        [Description("Unique user name")] string? username, string? password, string? email, [FromQuery(Name = "full_name")] string? fullName,
        HttpRequest request, EarshotDb db, IPasswordHasher<User> hasher, IOptions<AuthOptions> options, ActivityLog activity,
        CancellationToken cancellationToken)
    {
        if (request.HasJsonContentType())
        {
            var body = await request.ReadFromJsonAsync<RegisterRequest>(cancellationToken);
            (username, password, email, fullName) = (username ?? body?.Username, password ?? body?.Password,
                email ?? body?.Email, fullName ?? body?.FullName);
        }

        if (string.IsNullOrWhiteSpace(username) || username.Length > 64 || !username.All(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or '@'))
            return Problems.Validation("username is required: 1-64 letters, digits or _ - . @");
        if (string.IsNullOrEmpty(password) || password.Length < options.Value.MinPasswordLength)
            return Problems.Validation($"password must have at least {options.Value.MinPasswordLength} characters");

        var normalized = username.ToUpperInvariant();
        if (await db.Users.AnyAsync(u => u.NormalizedUserName == normalized, cancellationToken))
            return Problems.Validation("Username is already taken");

        var isFirst = !await db.Users.AnyAsync(cancellationToken);
        var user = new User
        {
            UserName = username,
            NormalizedUserName = normalized,
            Email = email,
            FullName = fullName,
            PasswordHash = "",
            IsAdmin = isFirst || options.Value.AdminUsers.Contains(username, StringComparer.OrdinalIgnoreCase),
        };
        user.PasswordHash = hasher.HashPassword(user, password);
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return Problems.Validation("Username is already taken");
        }
        await activity.RecordAsync("auth.register", "ok", user.Id, user.UserName, cancellationToken: cancellationToken);
        return TypedResults.Ok(new RegisterResponse("User registered", user.Id));
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Token(
        [FromForm] string? username, [FromForm] string? password, EarshotDb db, IPasswordHasher<User> hasher,
        TokenService tokens, IOptions<AuthOptions> options, ActivityLog activity, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password))
            return Problems.Validation("username and password form fields are required");

        var normalized = username.ToUpperInvariant();
        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedUserName == normalized, cancellationToken);
        if (user is null || hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed)
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
        return TypedResults.Ok(new TokenResponse(token, "bearer", (int)options.Value.TokenLifetime.TotalSeconds));
    }

    private static async Task<Results<Ok<UserResponse>, NotFound>> Me(ClaimsPrincipal principal, EarshotDb db, CancellationToken cancellationToken)
    {
        var id = principal.GetUserId();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        return user is null ? TypedResults.NotFound() : TypedResults.Ok(ToResponse(user));
    }
}
