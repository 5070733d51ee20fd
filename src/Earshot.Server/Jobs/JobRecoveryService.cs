using Earshot.Server.Infrastructure;
using Earshot.Server.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Jobs;

/// <summary>
/// Makes jobs survive process death. At start-up with in-memory Hangfire storage every Queued row is dispatched
/// again and every Running row is an orphan of a dead process. Afterwards, Running rows whose heartbeat lapsed
/// are re-queued (a worker on another machine died). Failed runs past MaxAttempts are marked failed.
/// </summary>
public sealed class JobRecoveryService(IServiceScopeFactory scopes, IOptions<JobOptions> options, ILogger<JobRecoveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var inMemory = options.Value.Storage.Equals("InMemory", StringComparison.OrdinalIgnoreCase);
        try
        {
            await RecoverAsync(startup: inMemory, stoppingToken);
            using var timer = new PeriodicTimer(options.Value.LeaseTimeout / 2);
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await RecoverAsync(startup: false, stoppingToken);
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
        foreach (var id in orphans)
        {
            await db.Jobs.Where(j => j.Id == id && j.Status == JobStatus.Running)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.Queued).SetProperty(j => j.Worker, (string?)null), cancellationToken);
        }

        var toDispatch = startup
            ? await db.Jobs.Where(j => j.Status == JobStatus.Queued).OrderBy(j => j.CreatedAt).Select(j => j.Id).ToListAsync(cancellationToken)
            : orphans;
        foreach (var id in toDispatch)
            await engine.DispatchAsync(id, cancellationToken);
        if (toDispatch.Count > 0)
            JobLog.Recovered(logger, toDispatch.Count);
    }
}
