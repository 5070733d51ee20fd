using Earshot.Server.Infrastructure;
using Earshot.Server.Entities;
using Microsoft.EntityFrameworkCore;

namespace Earshot.Server.Jobs;

/// <summary>What a running pipeline knows about its job, and how it reports progress.</summary>
public sealed class JobContext(Guid jobId, Guid ownerId, string kind, EarshotDb db)
{
    private int _lastProgress;

    public Guid JobId { get; } = jobId;
    public Guid OwnerId { get; } = ownerId;
    public string Kind { get; } = kind;

    /// <summary>Stores progress (0–100) when it moved; cheap to call often.</summary>
    public async Task ReportProgressAsync(int percent, CancellationToken cancellationToken)
    {
        percent = Math.Clamp(percent, 0, 99);
        if (percent <= _lastProgress)
            return;
        _lastProgress = percent;
        await db.Jobs.Where(j => j.Id == JobId && j.Status == JobStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Progress, percent), cancellationToken);
    }
}
