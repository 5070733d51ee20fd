namespace Earshot.Server.Jobs;

/// <summary>Why a job request cannot be queued: a status code (404 unknown file or model, 422 invalid, 429 too much queued) and a message.</summary>
public sealed record JobRequestError(int StatusCode, string Detail, TimeSpan? RetryAfter = null)
{
    public static JobRequestError NotFound(string detail) => new(StatusCodes.Status404NotFound, detail);
    public static JobRequestError Invalid(string detail) => new(StatusCodes.Status422UnprocessableEntity, detail);
    public static JobRequestError Overloaded(string detail, TimeSpan retryAfter) => new(StatusCodes.Status429TooManyRequests, detail, retryAfter);
}

/// <summary>A failure the user caused or can act on (no text in the image …); its message is shown as the job's error.</summary>
public sealed class JobFailedException(string message) : Exception(message);

/// <summary>
/// One kind of job. The engine stores the request, a worker claims the job and calls <see cref="RunAsync"/>,
/// and the returned object becomes the stored result. Pipelines are resolved per job from a DI scope.
/// </summary>
public interface IJobPipeline
{
    /// <summary>Stable dotted name, e.g. "audio.probe"; stored on every job.</summary>
    string Kind { get; }

    Type RequestType { get; }

    /// <summary>Checks the request against the database before anything is queued (ownership, existence, limits).</summary>
    Task<JobRequestError?> ValidateAsync(object request, Guid ownerId, CancellationToken cancellationToken);

    Task<object> RunAsync(object request, JobContext context, CancellationToken cancellationToken);

    /// <summary>Seconds of work the request stands for, when it is not the length of its "audio_file" (the default).</summary>
    double? WorkSeconds(object request) => null;

    /// <summary>Unfinished jobs of this kind one user may have, below the engine's overall limit; null: only that limit.</summary>
    int? MaxUnfinishedPerUser => null;
}

/// <summary>Typed base so pipelines work with their own request and result records.</summary>
public abstract class JobPipeline<TRequest, TResult> : IJobPipeline
    where TRequest : class
    where TResult : notnull
{
    public abstract string Kind { get; }
    public Type RequestType => typeof(TRequest);

    public virtual Task<JobRequestError?> ValidateAsync(TRequest request, Guid ownerId, CancellationToken cancellationToken) =>
        Task.FromResult<JobRequestError?>(null);

    public abstract Task<TResult> RunAsync(TRequest request, JobContext context, CancellationToken cancellationToken);

    public virtual double? WorkSeconds(TRequest request) => null;

    public virtual int? MaxUnfinishedPerUser => null;

    double? IJobPipeline.WorkSeconds(object request) => WorkSeconds((TRequest)request);

    Task<JobRequestError?> IJobPipeline.ValidateAsync(object request, Guid ownerId, CancellationToken cancellationToken) =>
        ValidateAsync((TRequest)request, ownerId, cancellationToken);

    async Task<object> IJobPipeline.RunAsync(object request, JobContext context, CancellationToken cancellationToken) =>
        await RunAsync((TRequest)request, context, cancellationToken);
}
