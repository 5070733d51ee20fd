using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json;
using Earshot.Server.Auth;
using Earshot.Server.Infrastructure;
using Earshot.Server.Jobs;
using Earshot.Server.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Earshot.Server.Apis;

public sealed record SubmitJobRequest(string Kind, JsonElement Request);
public sealed record TaskCreateResponse(Guid TaskId);
public sealed record JobResponse(Guid Id, string Kind, JobStatus Status, int Progress, int Attempts, string? Error,
    DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt, JsonElement? Request, JsonElement? Result);
public sealed record JobPage(IReadOnlyList<JobResponse> Items, int Page, int PageSize, int Total);
public sealed record TaskStatusResponse(Guid TaskId, string Status, bool Ready, int Progress);

/// <summary>The job engine over HTTP: generic routes, plus the seed's /v1/task routes.</summary>
public static class JobsApi
{
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("v1/jobs").WithTags("Jobs");
        jobs.MapPost("", SubmitJob).WithName(nameof(SubmitJob))
            .WithSummary("Queue a job of any kind; the request body is that kind's request. 429 when you already have Jobs:MaxQueuedPerUser unfinished jobs.")
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        jobs.MapGet("", ListJobs).WithName(nameof(ListJobs)).WithSummary("Your jobs, newest first, without requests or results.");
        jobs.MapGet("{id:guid}", GetJob).WithName(nameof(GetJob))
            .WithSummary("One job with its status, progress and (when done) result; ?wait=SECONDS long-polls until it finishes.");
        jobs.MapGet("{id:guid}/result", GetJobResult).WithName(nameof(GetJobResult)).WithSummary("The result of a finished job.");
        jobs.MapDelete("{id:guid}", CancelJob).WithName(nameof(CancelJob)).WithSummary("Cancel a queued or running job.");

        var task = app.MapGroup("v1/task").WithTags("Jobs");
        task.MapGet("status", GetTaskStatus).WithName(nameof(GetTaskStatus)).WithSummary("Seed route: status of a task.");
        task.MapGet("result", GetTaskResult).WithName(nameof(GetTaskResult)).WithSummary("Seed route: result of a finished task, 406 otherwise.");
        return app;
    }

    /// <param name="withBodies">false for lists: a page of jobs carries neither requests nor results (GET /v1/jobs/{id} has them).</param>
    internal static JobResponse ToResponse(Job job, bool withBodies = true) => new(job.Id, job.Kind, job.Status, job.Progress, job.Attempts,
        job.Error, job.CreatedAt, job.StartedAt, job.FinishedAt, withBodies ? Parse(job.RequestJson) : null, withBodies ? Parse(job.ResultJson) : null);

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();

    internal static ProblemHttpResult ToProblem(JobRequestError error) => error.StatusCode switch
    {
        StatusCodes.Status404NotFound => Problems.NotFound(error.Detail),
        StatusCodes.Status429TooManyRequests => Problems.Overloaded(error.Detail, error.RetryAfter ?? TimeSpan.FromSeconds(30)),
        _ => Problems.Problem(error.StatusCode, "Invalid request", error.Detail),
    };

    private static async Task<Results<Accepted<JobResponse>, ProblemHttpResult>> SubmitJob(
        SubmitJobRequest body, ClaimsPrincipal user, JobEngine engine, CancellationToken cancellationToken)
    {
        object? request;
        try
        {
            request = engine.ParseRequest(body.Kind, body.Request);
        }
        catch (JsonException ex)
        {
            return Problems.Validation($"The request does not fit job kind '{body.Kind}': {ex.Message}");
        }
        if (request is null && engine.FindPipeline(body.Kind) is not null)
            return Problems.Validation("The request is empty.");

        var (job, error) = await engine.SubmitAsync(user.GetUserId(), body.Kind, request ?? new object(), cancellationToken);
        return error is not null ? ToProblem(error) : TypedResults.Accepted($"/v1/jobs/{job!.Id}", ToResponse(job));
    }

    private static async Task<Results<Ok<JobPage>, ProblemHttpResult>> ListJobs(ClaimsPrincipal user, EarshotDb db,
        [Description("1-based page")] int? page, [FromQuery(Name = "page_size"), Description("1-100, default 20")] int? pageSize, string? kind, JobStatus? status,
        CancellationToken cancellationToken)
    {
        var pageNumber = page ?? 1;
        var size = pageSize ?? 20;
        if (pageNumber < 1 || size is < 1 or > 100)
            return Problems.Validation("page must be ≥ 1 and page_size between 1 and 100.");

        var owner = user.GetUserId();
        var query = db.Jobs.AsNoTracking().Where(j => j.OwnerId == owner);
        if (!string.IsNullOrEmpty(kind))
            query = query.Where(j => j.Kind == kind);
        if (status is not null)
            query = query.Where(j => j.Status == status);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id)
            .Skip((pageNumber - 1) * size).Take(size)
            .Select(j => new Job
            {
                Id = j.Id, OwnerId = j.OwnerId, Kind = j.Kind, Status = j.Status, Progress = j.Progress, Attempts = j.Attempts, Error = j.Error,
                CreatedAt = j.CreatedAt, StartedAt = j.StartedAt, FinishedAt = j.FinishedAt, RequestJson = "",
            })
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new JobPage(items.Select(j => ToResponse(j, withBodies: false)).ToList(), pageNumber, size, total));
    }

    private static async Task<Results<Ok<JobResponse>, ProblemHttpResult>> GetJob(Guid id,
        [Description("Seconds (0-60) to wait for the job to finish before answering: a long poll")] double? wait,
        ClaimsPrincipal user, JobEngine engine, CancellationToken cancellationToken)
    {
        if (wait is < 0 or > 60)
            return Problems.Validation("wait must be between 0 and 60 seconds.");
        var owner = user.GetUserId();
        if (await engine.FindAsync(owner, id, cancellationToken) is not { } job)
            return Problems.NotFound("No such job.");
        if (wait > 0 && !job.IsFinished)
            job = await engine.WaitAsync(owner, id, TimeSpan.FromSeconds(wait.Value), cancellationToken);
        return TypedResults.Ok(ToResponse(job));
    }

    private static async Task<Results<Ok<JsonElement>, ProblemHttpResult>> GetJobResult(Guid id, ClaimsPrincipal user, JobEngine engine, CancellationToken cancellationToken)
    {
        var job = await engine.FindAsync(user.GetUserId(), id, cancellationToken);
        if (job is null)
            return Problems.NotFound("No such job.");
        return job.Status == JobStatus.Succeeded
            ? TypedResults.Ok(Parse(job.ResultJson)!.Value)
            : Problems.Conflict(NotReadyDetail(job));
    }

    private static async Task<Results<Ok<JobResponse>, ProblemHttpResult>> CancelJob(Guid id, ClaimsPrincipal user, JobEngine engine, CancellationToken cancellationToken)
    {
        var before = await engine.FindAsync(user.GetUserId(), id, cancellationToken);
        if (before is null)
            return Problems.NotFound("No such job.");
        if (before.IsFinished)
            return Problems.Conflict($"The job already finished ({before.Status.ToString().ToLowerInvariant()}).");
        var job = await engine.CancelAsync(user.GetUserId(), id, cancellationToken);
        return TypedResults.Ok(ToResponse(job!));
    }

    private static async Task<Results<Ok<TaskStatusResponse>, ProblemHttpResult>> GetTaskStatus(
        [FromQuery(Name = "task_id"), Description("Task id (UUID)")] string? taskId, ClaimsPrincipal user, JobEngine engine, CancellationToken cancellationToken)
    {
        if (!Problems.TryParseId(taskId, out var id))
            return Problems.Validation("Query parameter 'task_id' must be a UUID.");
        var job = await engine.FindAsync(user.GetUserId(), id, cancellationToken);
        return job is null
            ? Problems.NotFound("No such task.")
            : TypedResults.Ok(new TaskStatusResponse(job.Id, job.Status.ToString().ToLowerInvariant(), job.Status == JobStatus.Succeeded, job.Progress));
    }

    private static async Task<Results<Ok<JsonElement>, ProblemHttpResult>> GetTaskResult(
        [FromQuery(Name = "task_id"), Description("Task id (UUID)")] string? taskId, ClaimsPrincipal user, JobEngine engine, CancellationToken cancellationToken) =>
        await CompatResultAsync(taskId, expectedKind: null, user, engine, cancellationToken);

    /// <summary>The seed's result contract: 406 while not done or unknown, 422 when the task is of another kind.</summary>
    internal static async Task<Results<Ok<JsonElement>, ProblemHttpResult>> CompatResultAsync(string? taskId, string? expectedKind,
        ClaimsPrincipal user, JobEngine engine, CancellationToken cancellationToken)
    {
        if (!Problems.TryParseId(taskId, out var id))
            return Problems.Validation("Query parameter 'task_id' must be a UUID.");
        var job = await engine.FindAsync(user.GetUserId(), id, cancellationToken);
        if (job is null)
            return Problems.NotReady("Results are not ready yet or no task with such id exist");
        if (expectedKind is not null && job.Kind != expectedKind)
            return Problems.Validation($"Task {id} is a '{job.Kind}' task, not '{expectedKind}'.");
        return job.Status == JobStatus.Succeeded ? TypedResults.Ok(Parse(job.ResultJson)!.Value) : Problems.NotReady(NotReadyDetail(job));
    }

    private static string NotReadyDetail(Job job) => job.Status switch
    {
        JobStatus.Failed => $"The job failed: {job.Error}",
        JobStatus.Cancelled => "The job was cancelled; it has no result.",
        _ => $"The job is {job.Status.ToString().ToLowerInvariant()} ({job.Progress}%).",
    };
}
