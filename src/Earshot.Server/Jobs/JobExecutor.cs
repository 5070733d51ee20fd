using System.Text.Json;
using Earshot.Server.Activity;
using Earshot.Server.Infrastructure;
using Earshot.Server.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Jobs;

/// <summary>
/// What a Hangfire worker runs for a job id. Claiming is a conditional update (Queued → Running), so a job
/// dispatched twice, or re-queued by recovery while a copy waits in Hangfire, still runs its pipeline once.
/// </summary>
public sealed class JobExecutor(IServiceScopeFactory scopes, JobCancellations cancellations, JobCompletions completions, JobSlots slots,
    JobLeases leases, JobKinds kinds, IOptions<JobOptions> options, ILogger<JobExecutor> logger)
{
    public static readonly string WorkerName = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    /// <remarks>
    /// Pipeline failures are recorded on the job row and never thrown, so Hangfire's automatic retry only
    /// covers infrastructure faults (a locked database during the claim), where retrying is right.
    /// Hangfire's worker thread waits for this task, so nothing here hands work to another thread without need.
    /// </remarks>
    public async Task ExecuteAsync(Guid jobId, string queue, CancellationToken shutdown)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<EarshotDb>();

        // EF opens and closes the connection around every command unless it is open already: the read and the claim
        // share one opening, and the pipeline runs without holding a connection.
        await db.Database.OpenConnectionAsync(shutdown);
        Job? job;
        var claimed = false;
        try
        {
            // One read serves the slot and the run: owner, kind and request never change after submit.
            job = await JobById.For(db)(db, jobId);
            if (job is null)
                return;
            // Even a job that is no longer queued takes and gives back a slot: giving it back sends the owner's next parked job on.
            if (!slots.TryTake(job.OwnerId, queue, jobId))
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
                claimed = job.Status == JobStatus.Queued && await ClaimAsync(db, jobId, shutdown);
            }
            finally
            {
                if (!claimed)
                    slots.Release(job.OwnerId, queue);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        if (!claimed)
            return;
        try
        {
            await RunAsync(job, services, db, shutdown);
        }
        finally
        {
            slots.Release(job.OwnerId, queue);
        }
    }

    private static readonly CompiledPerModel<Func<EarshotDb, Guid, Task<Job?>>> JobById = new(() => EF.CompileAsyncQuery((EarshotDb db, Guid jobId) =>
        db.Jobs.AsNoTracking().FirstOrDefault(j => j.Id == jobId)));

    /// <summary>The conditional claim (Queued → Running): of two workers given the same job, one gets it.</summary>
    /// <remarks>Not a compiled query: EF 10 does not translate ExecuteUpdate inside EF.CompileAsyncQuery (dotnet/efcore#36741).</remarks>
    private static async Task<bool> ClaimAsync(EarshotDb db, Guid jobId, CancellationToken shutdown)
    {
        var now = DateTime.UtcNow;
        return await db.Jobs.Where(j => j.Id == jobId && j.Status == JobStatus.Queued)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, JobStatus.Running)
                .SetProperty(j => j.StartedAt, now)
                .SetProperty(j => j.HeartbeatAt, now)
                .SetProperty(j => j.Attempts, j => j.Attempts + 1)
                .SetProperty(j => j.Worker, WorkerName), shutdown) > 0;
    }

    private async Task RunAsync(Job job, IServiceProvider services, EarshotDb db, CancellationToken shutdown)
    {
        var jobId = job.Id;

        using var run = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        using var registration = cancellations.Register(jobId, run);
        var ended = true;
        try
        {
            using (leases.Hold(jobId, run))
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
        var pipeline = kinds.Create(job.Kind, services)
            ?? throw new JobFailedException($"No pipeline is registered for job kind '{job.Kind}' on this worker.");
        var request = JsonSerializer.Deserialize(job.RequestJson, pipeline.RequestType, JobJson.Options)
            ?? throw new JobFailedException("The stored job request is empty.");

        var result = await pipeline.RunAsync(request, new JobContext(job.Id, job.OwnerId, job.Kind, db), cancellationToken);
        var json = JsonSerializer.Serialize(result, result.GetType(), JobJson.Options);
        // The result and its activity entry commit together: a worker killed between them would otherwise leave a
        // succeeded job with no entry, and each commit is a flush the job waits for.
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        if (await FinishAsync(db, job.Id, JobStatus.Succeeded, json, null))
            await services.GetRequiredService<ActivityLog>().RecordAsync("job.succeed", "ok", job.OwnerId, target: job.Id.ToString(),
                detail: job.Kind, cancellationToken: CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
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
