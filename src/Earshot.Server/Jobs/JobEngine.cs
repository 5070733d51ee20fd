using System.Text.Json;
using Earshot.Server.Activity;
using Earshot.Server.Infrastructure;
using Earshot.Server.Entities;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Jobs;

/// <summary>
/// The one way work is started: validate with the pipeline, commit the job row, then hand only its id to Hangfire.
/// </summary>
public sealed class JobEngine(EarshotDb db, JobKinds kinds, IServiceProvider services, IBackgroundJobClient hangfire,
    JobCancellations cancellations, JobCompletions completions, ActivityLog activity, IOptions<JobOptions> options)
{
    private readonly Dictionary<string, IJobPipeline> _pipelines = new(StringComparer.Ordinal);

    public IJobPipeline? FindPipeline(string kind)
    {
        if (_pipelines.TryGetValue(kind, out var pipeline))
            return pipeline;
        pipeline = kinds.Create(kind, services);
        if (pipeline is not null)
            _pipelines[kind] = pipeline;
        return pipeline;
    }

    public IEnumerable<string> Kinds => kinds.Names;

    public async Task<(Job? Job, JobRequestError? Error)> SubmitAsync(Guid ownerId, string kind, object request, CancellationToken cancellationToken)
    {
        var pipeline = FindPipeline(kind);
        if (pipeline is null)
            return (null, JobRequestError.NotFound($"Unknown job kind '{kind}'. Known kinds: {string.Join(", ", Kinds)}."));
        if (!pipeline.RequestType.IsInstanceOfType(request))
            return (null, JobRequestError.Invalid($"Job kind '{kind}' expects a {pipeline.RequestType.Name}."));
        if (await pipeline.ValidateAsync(request, ownerId, cancellationToken) is { } error)
            return (null, error);
        // The limit counts and the insert share one opening of the connection (EF opens one per command otherwise).
        await db.Database.OpenConnectionAsync(cancellationToken);
        Job job;
        string queue;
        try
        {
            if (await OverLimitAsync(ownerId, pipeline, cancellationToken) is { } overloaded)
                return (null, overloaded);
            job = new Job { OwnerId = ownerId, Kind = kind, RequestJson = JsonSerializer.Serialize(request, pipeline.RequestType, JobJson.Options) };
            queue = await QueueForAsync(job, pipeline, request, cancellationToken);
            db.Jobs.Add(job);
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        Dispatch(job.Id, queue);
        return (job, null);
    }

    /// <summary>The per-user limits: unfinished jobs of every kind together, then of this kind when its pipeline sets a limit.</summary>
    private async Task<JobRequestError?> OverLimitAsync(Guid ownerId, IJobPipeline pipeline, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxQueuedPerUser;
        if (await UnfinishedJobs.For(db)(db, ownerId) >= limit)
            return JobRequestError.Overloaded($"Server overloaded, try again later: you already have {limit} unfinished jobs, the most one user may queue.", options.Value.RetryAfter);
        if (pipeline.MaxUnfinishedPerUser is not { } kindLimit)
            return null;
        var ofKind = await UnfinishedJobsOfKind.For(db)(db, ownerId, pipeline.Kind);
        return ofKind >= kindLimit
            ? JobRequestError.Overloaded($"You already have {ofKind} {pipeline.Kind} job(s) queued or running; the limit is {kindLimit}. Wait for one to finish.", options.Value.RetryAfter)
            : null;
    }

    // Compiled once: every submit runs these, and EF otherwise hashes and parameterizes the query tree each time.
    private static readonly CompiledPerModel<Func<EarshotDb, Guid, Task<int>>> UnfinishedJobs = new(() => EF.CompileAsyncQuery((EarshotDb db, Guid ownerId) =>
        db.Jobs.Count(j => j.OwnerId == ownerId && (j.Status == JobStatus.Queued || j.Status == JobStatus.Running))));

    private static readonly CompiledPerModel<Func<EarshotDb, Guid, string, Task<int>>> UnfinishedJobsOfKind = new(() => EF.CompileAsyncQuery((EarshotDb db, Guid ownerId, string kind) =>
        db.Jobs.Count(j => j.OwnerId == ownerId && (j.Status == JobStatus.Queued || j.Status == JobStatus.Running) && j.Kind == kind)));

    /// <summary>Sends a job to a worker of its queue; returns Hangfire's id for it.</summary>
    public string Dispatch(Guid jobId, string queue) => JobQueues.Enqueue(hangfire, jobId, queue);

    /// <summary>Sends a stored job to a worker again (recovery), in the queue its size calls for.</summary>
    public async Task<string> DispatchAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var job = await db.Jobs.AsNoTracking().FirstAsync(j => j.Id == jobId, cancellationToken);
        return Dispatch(jobId, await QueueForAsync(job, cancellationToken));
    }

    /// <summary>Interactive when the job's work (the length of its audio, unless the pipeline says otherwise) is short.</summary>
    public Task<string> QueueForAsync(Job job, CancellationToken cancellationToken)
    {
        var pipeline = FindPipeline(job.Kind);
        var request = pipeline is null ? null : JsonSerializer.Deserialize(job.RequestJson, pipeline.RequestType, JobJson.Options);
        return QueueForAsync(job, pipeline, request, cancellationToken);
    }

    private async Task<string> QueueForAsync(Job job, IJobPipeline? pipeline, object? request, CancellationToken cancellationToken)
    {
        var seconds = 0.0;
        if (pipeline is not null && request is not null && pipeline.WorkSeconds(request) is { } work)
            seconds = work;
        else if (AudioFileOf(job.RequestJson) is { } fileId)
            seconds = await db.Files.Where(f => f.Id == fileId).Select(f => f.DurationSeconds).FirstOrDefaultAsync(cancellationToken) ?? 0;
        return seconds <= options.Value.ShortJobSeconds ? JobQueues.Interactive : JobQueues.Batch;
    }

    private static Guid? AudioFileOf(string requestJson)
    {
        using var document = JsonDocument.Parse(requestJson);
        return document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("audio_file", out var file) && file.TryGetGuid(out var id) ? id : null;
    }

    /// <summary>Parses a JSON request body for <paramref name="kind"/> (generic POST /v1/jobs).</summary>
    public object? ParseRequest(string kind, JsonElement body)
    {
        var pipeline = FindPipeline(kind);
        return pipeline is null ? null : body.Deserialize(pipeline.RequestType, JobJson.Options);
    }

    public Task<Job?> FindAsync(Guid ownerId, Guid jobId, CancellationToken cancellationToken) =>
        db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId && j.OwnerId == ownerId, cancellationToken);

    /// <summary>
    /// Waits until the job finishes or <paramref name="timeout"/> passes, and returns the job as it then is.
    /// Woken at once by a worker in this process; looks at the database every second for workers elsewhere.
    /// </summary>
    public async Task<Job> WaitAsync(Guid ownerId, Guid jobId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = timeout == Timeout.InfiniteTimeSpan ? DateTime.MaxValue : DateTime.UtcNow + timeout;
        while (true)
        {
            var finished = completions.WhenFinished(jobId);
            var job = await db.Jobs.AsNoTracking().FirstAsync(j => j.Id == jobId && j.OwnerId == ownerId, cancellationToken);
            var left = deadline - DateTime.UtcNow;
            if (job.IsFinished || left <= TimeSpan.Zero)
            {
                completions.Forget(jobId, finished);
                return job;
            }
            try
            {
                await finished.WaitAsync(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), cancellationToken);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    /// <summary>Cancels a queued or running job; a running pipeline in this process stops at its next await.</summary>
    public async Task<Job?> CancelAsync(Guid ownerId, Guid jobId, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        var changed = await db.Jobs
            .Where(j => j.Id == jobId && j.OwnerId == ownerId && (j.Status == JobStatus.Queued || j.Status == JobStatus.Running))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.Cancelled).SetProperty(j => j.FinishedAt, now), cancellationToken);
        if (changed > 0)
        {
            cancellations.Cancel(jobId);
            await activity.RecordAsync("job.cancel", "ok", ownerId, target: jobId.ToString(), cancellationToken: cancellationToken);
        }
        return await FindAsync(ownerId, jobId, cancellationToken);
    }
}
