using Earshot.Server.Infrastructure;
using Earshot.Server.Entities;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Jobs;

/// <summary>
/// Makes jobs survive process death. At start-up with in-memory Hangfire storage every Queued row is dispatched
/// again and every Running row is an orphan of a dead process. Afterwards, Running rows whose heartbeat lapsed
/// are re-queued (a worker on another machine died). Failed runs past MaxAttempts are marked failed.
/// Every node runs this; each re-queue is a conditional update, so when several nodes see the same orphan only one
/// of them sends it on.
/// </summary>
public sealed class JobRecoveryService(IServiceScopeFactory scopes, JobStorage storage, IOptions<JobOptions> options, ILogger<JobRecoveryService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var inMemory = !options.Value.IsShared;
        try
        {
            await RecoverAsync(startup: inMemory, stoppingToken);
            using var timer = new PeriodicTimer(options.Value.LeaseTimeout / 2);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await RecoverAsync(startup: false, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A database that is briefly unreachable must not end recovery for the life of the process.
                    JobLog.RecoveryFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <param name="startup">
    /// True on an in-memory start: every run not owned by this process is an orphan and every queued row needs dispatching.
    /// False: only runs whose heartbeat is older than the lease are orphans.
    /// </param>
    public async Task RecoverAsync(bool startup, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EarshotDb>();
        var engine = scope.ServiceProvider.GetRequiredService<JobEngine>();
        var cutoff = startup ? DateTime.MaxValue : DateTime.UtcNow - options.Value.LeaseTimeout;
        var self = JobExecutor.WorkerName;
        var maxAttempts = options.Value.MaxAttempts;
        var running = db.Jobs.Where(j => j.Status == JobStatus.Running && j.HeartbeatAt < cutoff && j.Worker != self);

        await running.Where(j => j.Attempts >= maxAttempts)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.Failed)
                .SetProperty(j => j.Error, "The job's worker stopped during every attempt.")
                .SetProperty(j => j.FinishedAt, DateTime.UtcNow), cancellationToken);

        var orphans = await running.Select(j => j.Id).ToListAsync(cancellationToken);
        var requeued = new List<Guid>();
        foreach (var id in orphans)
        {
            // The lease condition is checked again in the update: another node may have re-queued the job, and a worker
            // claimed it afresh, since the list was read.
            if (await running.Where(j => j.Id == id)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.Queued).SetProperty(j => j.Worker, (string?)null), cancellationToken) > 0)
                requeued.Add(id);
        }
        if (options.Value.IsShared)
            requeued.AddRange(await ReleaseStrandedAsync(db, cancellationToken));

        var toDispatch = startup
            ? await db.Jobs.Where(j => j.Status == JobStatus.Queued).OrderBy(j => j.CreatedAt).Select(j => j.Id).ToListAsync(cancellationToken)
            : requeued;
        foreach (var id in toDispatch)
            await engine.DispatchAsync(id, cancellationToken);
        if (toDispatch.Count > 0)
            JobLog.Recovered(logger, toDispatch.Count);
    }

    /// <summary>
    /// Queued jobs parked by a worker process that is gone (its Hangfire servers stopped beating): the parked ids lived
    /// only in that process's memory, so they are taken back from it and dispatched again.
    /// </summary>
    private async Task<List<Guid>> ReleaseStrandedAsync(EarshotDb db, CancellationToken cancellationToken)
    {
        var parked = await db.Jobs.Where(j => j.Status == JobStatus.Queued && j.Worker != null)
            .Select(j => new { j.Id, j.Worker }).ToListAsync(cancellationToken);
        if (parked.Count == 0)
            return [];
        var alive = DateTime.UtcNow - options.Value.LeaseTimeout;
        // Hangfire names a server "{ServerName}:{id}" in lower case; ServerName starts with the process's worker name.
        var live = storage.GetMonitoringApi().Servers().Where(s => s.Heartbeat is null || s.Heartbeat > alive).Select(s => s.Name).ToList();
        var released = new List<Guid>();
        foreach (var job in parked.Where(p => !live.Any(name => name.StartsWith(p.Worker + ":", StringComparison.OrdinalIgnoreCase))))
        {
            if (await db.Jobs.Where(j => j.Id == job.Id && j.Status == JobStatus.Queued && j.Worker == job.Worker)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.Worker, (string?)null), cancellationToken) > 0)
                released.Add(job.Id);
        }
        return released;
    }
}
