using System.Text.Json;
using Earshot.Server.Activity;
using Earshot.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Earshot.Server.Analytics;

/// <summary>One attempt to deliver a job's callback: when, the HTTP status (null when no answer came) and the error.</summary>
public sealed record CallbackDelivery(DateTime At, int? Status, string? Error);

/// <summary>Callback attempts are kept as activity entries ("analytics.callback", target = job id), so they need no table of their own.</summary>
public sealed class CallbackDeliveries(EarshotDb db, ActivityLog activity)
{
    public const string Action = "analytics.callback";

    public Task RecordAsync(Guid ownerId, Guid jobId, int? status, string? error, CancellationToken cancellationToken) =>
        activity.RecordAsync(Action, status is >= 200 and < 300 ? "ok" : "failed", ownerId, target: jobId.ToString(),
            detail: JsonSerializer.Serialize(new CallbackDelivery(DateTime.UtcNow, status, error)), cancellationToken: cancellationToken);

    public async Task<IReadOnlyList<CallbackDelivery>> ListAsync(Guid ownerId, Guid jobId, CancellationToken cancellationToken)
    {
        var target = jobId.ToString();
        var details = await db.Activity.AsNoTracking()
            .Where(a => a.Action == Action && a.Target == target && a.UserId == ownerId)
            .OrderBy(a => a.Id).Select(a => a.Detail).ToListAsync(cancellationToken);
        return details.OfType<string>().Select(d => JsonSerializer.Deserialize<CallbackDelivery>(d)!).ToList();
    }
}
