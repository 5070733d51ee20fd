using System.Security.Claims;
using Earshot.Server.Activity;
using Earshot.Server.Auth;
using Earshot.Server.Infrastructure;
using Earshot.Server.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Earshot.Server.Apis;

public sealed record UpdateUserRequest(bool? Disabled, bool? IsAdmin);
public sealed record ActivityResponse(long Id, DateTime At, Guid? UserId, string? UserName, string Action, string? Target, string Outcome, string? Detail);

/// <summary>Administration: users and the activity log. Requires the admin role.</summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("v1/admin").WithTags("Admin").RequireAuthorization(EarshotClaims.AdminPolicy);
        api.MapGet("users", ListUsers).WithName(nameof(ListUsers)).WithSummary("All users.");
        api.MapPatch("users/{id:guid}", UpdateUser).WithName(nameof(UpdateUser)).WithSummary("Disable or enable a user, grant or remove admin.");
        api.MapGet("activity", ListActivity).WithName(nameof(ListActivity)).WithSummary("Latest account and job events, newest first.");
        return app;
    }

    private static async Task<Ok<List<UserResponse>>> ListUsers(EarshotDb db, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.Users.AsNoTracking().OrderBy(u => u.CreatedAt).ToListAsync(cancellationToken)).Select(AuthApi.ToResponse).ToList());

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> UpdateUser(
        Guid id, UpdateUserRequest request, ClaimsPrincipal admin, EarshotDb db, ActivityLog activity, CancellationToken cancellationToken)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null)
            return Problems.NotFound("No such user.");
        if (user.Id == admin.GetUserId() && (request.Disabled == true || request.IsAdmin == false))
            return Problems.Conflict("Administrators cannot disable or demote themselves.");
        user.Disabled = request.Disabled ?? user.Disabled;
        user.IsAdmin = request.IsAdmin ?? user.IsAdmin;
        await db.SaveChangesAsync(cancellationToken);
        await activity.RecordAsync("admin.update_user", "ok", admin.GetUserId(), admin.GetUserName(), id.ToString(),
            $"disabled={user.Disabled} admin={user.IsAdmin}", cancellationToken);
        return TypedResults.Ok(AuthApi.ToResponse(user));
    }

    private static async Task<Ok<List<ActivityResponse>>> ListActivity(EarshotDb db, int? limit, CancellationToken cancellationToken)
    {
        var take = Math.Clamp(limit ?? 100, 1, 1000);
        var entries = await db.Activity.AsNoTracking().OrderByDescending(a => a.Id).Take(take)
            .Select(a => new ActivityResponse(a.Id, a.At, a.UserId, a.UserName, a.Action, a.Target, a.Outcome, a.Detail))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(entries);
    }
}
