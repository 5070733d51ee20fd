using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Earshot.Server.Activity;
using Earshot.Server.Auth;
using Earshot.Server.Infrastructure;
using Earshot.Server.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Earshot.Server.Apis;

public sealed record CreateApiKeyRequest([property: Required, StringLength(100, MinimumLength = 1)] string Name);

/// <summary>The secret is returned once, at creation.</summary>
public sealed record CreatedApiKey(Guid Id, string Name, string Key, DateTime CreatedAt);
public sealed record ApiKeyResponse(Guid Id, string Name, string Prefix, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt);

/// <summary>Long-lived keys for scripts and other servers, sent as X-Api-Key.</summary>
public static class ApiKeysApi
{
    public static IEndpointRouteBuilder MapApiKeysApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("v1/auth/api-keys").WithTags("Auth");
        api.MapPost("", CreateApiKey).WithName(nameof(CreateApiKey)).WithSummary("Create an API key; its secret is shown only in this response.");
        api.MapGet("", ListApiKeys).WithName(nameof(ListApiKeys)).WithSummary("Your API keys, without their secrets.");
        api.MapDelete("{id:guid}", RevokeApiKey).WithName(nameof(RevokeApiKey)).WithSummary("Revoke one of your API keys.");
        return app;
    }

    private static async Task<Results<Created<CreatedApiKey>, ProblemHttpResult>> CreateApiKey(
        CreateApiKeyRequest request, ClaimsPrincipal user, EarshotDb db, ActivityLog activity, CancellationToken cancellationToken)
    {
        var secret = ApiKeyHasher.NewKey();
        var key = new ApiKey { OwnerId = user.GetUserId(), Name = request.Name.Trim(), Prefix = secret[..10], SecretHash = ApiKeyHasher.Hash(secret) };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        await activity.RecordAsync("apikey.create", "ok", key.OwnerId, user.GetUserName(), key.Id.ToString(), cancellationToken: cancellationToken);
        return TypedResults.Created($"/v1/auth/api-keys/{key.Id}", new CreatedApiKey(key.Id, key.Name, secret, key.CreatedAt));
    }

    private static async Task<Ok<List<ApiKeyResponse>>> ListApiKeys(ClaimsPrincipal user, EarshotDb db, CancellationToken cancellationToken)
    {
        var owner = user.GetUserId();
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.OwnerId == owner).OrderBy(k => k.CreatedAt)
            .Select(k => new ApiKeyResponse(k.Id, k.Name, k.Prefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(keys);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeApiKey(
        Guid id, ClaimsPrincipal user, EarshotDb db, ActivityLog activity, CancellationToken cancellationToken)
    {
        var owner = user.GetUserId();
        var updated = await db.ApiKeys.Where(k => k.Id == id && k.OwnerId == owner && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, DateTime.UtcNow), cancellationToken);
        if (updated == 0)
            return Problems.NotFound("No such API key.");
        await activity.RecordAsync("apikey.revoke", "ok", owner, user.GetUserName(), id.ToString(), cancellationToken: cancellationToken);
        return TypedResults.NoContent();
    }
}
