using System.Text.Json;
using Earshot.Server.Activity;
using Earshot.Server.Infrastructure;
using Earshot.Server.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Jobs;

/// <summary>
/// What a Hangfire worker runs for a job id. Claiming is a conditional update (Queued → Running), so a job
/// dispatched twice, or re-queued by recovery while a copy waits in Hangfire, still runs its pipeline once.
/// </summary>
public sealed class JobExecutor(IServiceScopeFactory scopes, JobCancellations cancellations, JobCompletions completions, JobSlots slots,
    IOptions<JobOptions> options, ILogger<JobExecutor> logger)
{
    public static readonly string WorkerName = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    /// <remarks>
    /// Pipeline failures are recorded on the job row and never thrown, so Hangfire's automatic retry only
    /// covers infrastructure faults (a locked database during the claim), where retrying is right.
    /// </remarks>
    public async Task ExecuteAsync(Guid jobId, string queue, CancellationToken shutdown)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<EarshotDb>();

        var owner = await db.Jobs.Where(j => j.Id == jobId).Select(j => (Guid?)j.OwnerId).FirstOrDefaultAsync(shutdown);
        if (owner is null)
            return;
        // Even a job that is no longer queued takes and gives back a slot: giving it back sends the owner's next parked job on.
        if (!slots.TryTake(owner.Value, queue, jobId))
        {
            // With shared queues the parked id lives only in this process: the row names it, so if this process dies
            // another node's recovery sends the job on (JobRecoveryService.ReleaseStrandedAsync).
            if (options.Value.IsShared)
                await db.Jobs.Where(j => j.Id == jobId && j.Status == JobStatus.Queued)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.Worker, WorkerName), shutdown);
            JobLog.Parked(logger, jobId, queue);
            return;
        }
        try
        {
            await ClaimAndRunAsync(jobId, services, db, shutdown);
        }
        finally
        {
            slots.Release(owner.Value, queue);
        }
    }

    private async Task ClaimAndRunAsync(Guid jobId, IServiceProvider services, EarshotDb db, CancellationToken shutdown)
    {
        var now = DateTime.UtcNow;
        var claimed = await db.Jobs.Where(j => j.Id == jobId && j.Status == JobStatus.Queued)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, JobStatus.Running)
                .SetProperty(j => j.StartedAt, now)
                .SetProperty(j => j.HeartbeatAt, now)
                .SetProperty(j => j.Attempts, j => j.Attempts + 1)
                .SetProperty(j => j.Worker, WorkerName), shutdown);
        if (claimed == 0)
            return;

        var job = await db.Jobs.AsNoTracking().FirstAsync(j => j.Id == jobId, shutdown);
        using var run = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        using var registration = cancellations.Register(jobId, run);
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(jobId, run, heartbeatStop.Token);
        var ended = true;
        try
        {
            await RunPipelineAsync(job, services, db, run.Token);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            // The process is stopping: hand the job back so it resumes on the next start or another worker.
            await db.Jobs.Where(j => j.Id == jobId && j.Status == JobStatus.Running && j.Worker == WorkerName)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.Queued).SetProperty(j => j.Worker, (string?)null), CancellationToken.None);
            ended = false;
            JobLog.Requeued(logger, jobId);
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested)
        {
            JobLog.Cancelled(logger, jobId);
        }
        catch (Exception ex)
        {
            var message = ex is JobFailedException ? ex.Message : $"Internal error ({ex.GetType().Name}): {ex.Message}";
            if (ex is not JobFailedException)
                JobLog.Crashed(logger, jobId, job.Kind, ex);
            await FinishAsync(db, jobId, JobStatus.Failed, null, message);
            await services.GetRequiredService<ActivityLog>().RecordAsync("job.fail", "failed", job.OwnerId, target: jobId.ToString(),
                detail: message, cancellationToken: CancellationToken.None);
        }
        finally
        {
            await heartbeatStop.CancelAsync();
            await heartbeat;
            completions.Finished(jobId);
            if (ended)
            {
                foreach (var listener in services.GetServices<IJobFinishedListener>())
                    await listener.OnFinishedAsync(jobId, job.Kind, job.RequestJson, CancellationToken.None);
            }
        }
    }

    private async Task RunPipelineAsync(Job job, IServiceProvider services, EarshotDb db, CancellationToken cancellationToken)
    {
        var pipeline = services.GetServices<IJobPipeline>().FirstOrDefault(p => p.Kind == job.Kind)
            ?? throw new JobFailedException($"No pipeline is registered for job kind '{job.Kind}' on this worker.");
        var request = JsonSerializer.Deserialize(job.RequestJson, pipeline.RequestType, JobJson.Options)
            ?? throw new JobFailedException("The stored job request is empty.");

        var result = await pipeline.RunAsync(request, new JobContext(job.Id, job.OwnerId, job.Kind, db), cancellationToken);
        var json = JsonSerializer.Serialize(result, result.GetType(), JobJson.Options);
        if (await FinishAsync(db, job.Id, JobStatus.Succeeded, json, null))
            await services.GetRequiredService<ActivityLog>().RecordAsync("job.succeed", "ok", job.OwnerId, target: job.Id.ToString(),
                detail: job.Kind, cancellationToken: CancellationToken.None);
    }

    /// <summary>
    /// Only a job still Running here can finish: a result computed after a cancellation is dropped, and so is one of a run
    /// whose lease lapsed and whose job recovery gave to another worker (that run's result is the one kept).
    /// </summary>
    private static async Task<bool> FinishAsync(EarshotDb db, Guid jobId, JobStatus status, string? result, string? error)
    {
        var now = DateTime.UtcNow;
        return await db.Jobs.Where(j => j.Id == jobId && j.Status == JobStatus.Running && j.Worker == WorkerName)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, status)
                .SetProperty(j => j.ResultJson, result)
                .SetProperty(j => j.Error, error)
                .SetProperty(j => j.Progress, status == JobStatus.Succeeded ? 100 : 0)
                .SetProperty(j => j.FinishedAt, now), CancellationToken.None) > 0;
    }

    /// <summary>Keeps the lease fresh and notices a cancellation made by another process.</summary>
    private async Task HeartbeatAsync(Guid jobId, CancellationTokenSource run, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<EarshotDb>();
                var now = DateTime.UtcNow;
                var alive = await db.Jobs.Where(j => j.Id == jobId && j.Status == JobStatus.Running && j.Worker == WorkerName)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.HeartbeatAt, now), stop);
                if (alive == 0)
                {
                    await run.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}

internal static partial class JobLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "Job {JobId} ({Kind}) crashed")]
    public static partial void Crashed(ILogger logger, Guid jobId, string kind, Exception exception);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Job {JobId} cancelled while running")]
    public static partial void Cancelled(ILogger logger, Guid jobId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Job {JobId} handed back for a later run (shutdown)")]
    public static partial void Requeued(ILogger logger, Guid jobId);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Recovery re-queued {Count} job(s)")]
    public static partial void Recovered(ILogger logger, int count);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Job recovery pass failed; the next pass retries")]
    public static partial void RecoveryFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Debug, Message = "Job {JobId} waits in the {Queue} queue: its owner's running slots are taken")]
    public static partial void Parked(ILogger logger, Guid jobId, string queue);
}
