using System.Collections.Concurrent;
using Earshot.Server.Infrastructure;
using Earshot.Server.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Jobs;

/// <summary>
/// The leases of the jobs running in this process: every <see cref="JobOptions.HeartbeatInterval"/> one update refreshes
/// the heartbeat of all of them, and a job whose row is no longer Running here (cancelled or taken over by another
/// process) has its run cancelled. One shared loop instead of a timer per job keeps starting and ending a job free of
/// extra tasks and writes.
/// </summary>
public sealed class JobLeases(IServiceScopeFactory scopes, IOptions<JobOptions> options, ILogger<JobLeases> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _running = new();

    /// <summary>Holds the lease of a claimed job until the returned handle is disposed.</summary>
    public Lease Hold(Guid jobId, CancellationTokenSource run)
    {
        _running[jobId] = run;
        return new Lease(this, jobId);
    }

    public readonly struct Lease(JobLeases leases, Guid jobId) : IDisposable
    {
        public void Dispose() => leases._running.TryRemove(jobId, out _);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await RenewAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A busy database this time: the lease timeout is many intervals long, the next tick tries again.
                    JobLeaseLog.RenewFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Refreshes the heartbeat of every job held here and cancels the runs whose rows say they are no longer ours.</summary>
    public async Task RenewAsync(CancellationToken cancellationToken)
    {
        var held = _running.Keys.ToList();
        if (held.Count == 0)
            return;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EarshotDb>();
        var now = DateTime.UtcNow;
        var ours = db.Jobs.Where(j => held.Contains(j.Id) && j.Status == JobStatus.Running && j.Worker == JobExecutor.WorkerName);
        await ours.ExecuteUpdateAsync(s => s.SetProperty(j => j.HeartbeatAt, now), cancellationToken);
        var alive = (await ours.Select(j => j.Id).ToListAsync(cancellationToken)).ToHashSet();
        foreach (var jobId in held.Where(id => !alive.Contains(id)))
        {
            if (!_running.TryRemove(jobId, out var run))
                continue;
            try
            {
                await run.CancelAsync();
            }
            catch (ObjectDisposedException)
            {
                // The run ended between the query and now.
            }
        }
    }
}

internal static partial class JobLeaseLog
{
    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "Could not refresh the leases of running jobs; trying again at the next heartbeat")]
    public static partial void RenewFailed(ILogger logger, Exception exception);
}
