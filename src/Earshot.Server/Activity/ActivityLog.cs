using Earshot.Server.Infrastructure;
using Earshot.Server.Entities;

namespace Earshot.Server.Activity;

/// <summary>Writes account and job events to the activity table (and the log) in their own small transaction.</summary>
public sealed class ActivityLog(EarshotDb db, ILogger<ActivityLog> logger)
{
    public async Task RecordAsync(string action, string outcome, Guid? userId = null, string? userName = null,
        string? target = null, string? detail = null, CancellationToken cancellationToken = default)
    {
        ActivityLogMessages.Activity(logger, action, outcome, userId, target);
        db.Activity.Add(new ActivityEntry
        {
            Action = action, Outcome = outcome, UserId = userId, UserName = userName, Target = target,
            Detail = detail is { Length: > 500 } ? detail[..500] : detail,
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}

internal static partial class ActivityLogMessages
{
    [LoggerMessage(EventId = 1000, EventName = "Activity", Level = LogLevel.Information,
        Message = "Activity {Action} {Outcome} user={UserId} target={Target}")]
    public static partial void Activity(ILogger logger, string action, string outcome, Guid? userId, string? target);
}
