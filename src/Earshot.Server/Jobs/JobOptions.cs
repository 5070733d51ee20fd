using System.ComponentModel.DataAnnotations;

namespace Earshot.Server.Jobs;

/// <summary>The "Jobs" section: how many workers run pipelines, how they are shared between users, and how orphaned runs are detected.</summary>
public sealed class JobOptions
{
    public const string Section = "Jobs";

    public const string InMemoryStorage = "InMemory";
    public const string PostgreSqlStorage = "PostgreSQL";

    /// <summary>
    /// Where Hangfire keeps its queues. Empty (default) follows Database:Provider: "InMemory" on SQLite (one process; jobs
    /// are re-queued from the database after a restart), "PostgreSQL" on PostgreSQL (queues shared by every node).
    /// </summary>
    [RegularExpression("^(?i:|inmemory|postgresql)$", ErrorMessage = "Jobs:Storage must be InMemory or PostgreSQL (or empty).")]
    public string Storage { get; set; } = "";

    /// <summary>True when the queues live in the shared database, so several processes serve them.</summary>
    public bool IsShared => Storage.Equals(PostgreSqlStorage, StringComparison.OrdinalIgnoreCase);

    /// <summary>Run Hangfire workers in this process (off for an API-only node: `earshot serve --workers 0`).</summary>
    public bool RunWorkers { get; set; } = true;

    /// <summary>Workers of the "batch" queue: jobs whose input is longer than <see cref="ShortJobSeconds"/>.</summary>
    [Range(1, 256)]
    public int WorkerCount { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>
    /// Workers of the "interactive" queue, kept for short jobs so long batch work never starves them. Several, so that one
    /// user's short job never waits behind another's, and so that a worker waiting on the database (a no-op job is
    /// mostly commits) does not cap the job rate: one worker ran 26 no-op jobs/s on PostgreSQL, four 54 (docs/measurements.md).
    /// </summary>
    [Range(1, 256)]
    public int InteractiveWorkerCount { get; set; } = 4;

    /// <summary>A job whose audio (or echo delay) is at most this long goes to the interactive queue; longer ones to batch.</summary>
    [Range(0, 86_400)]
    public double ShortJobSeconds { get; set; } = 30;

    /// <summary>Jobs one user may have running at once in each queue (per process); the user's next job waits its turn.</summary>
    [Range(1, 256)]
    public int MaxRunningPerUser { get; set; } = 1;

    /// <summary>Unfinished (queued or running) jobs one user may have; one more is refused with 429 "server overloaded, try again later".</summary>
    [Range(1, 1_000_000)]
    public int MaxQueuedPerUser { get; set; } = 10;

    /// <summary>How long a synchronous route (POST /v1/audio/transcriptions) waits for its job before it answers 503 and cancels the job.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SyncTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>The Retry-After sent with 429 and 503 answers.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A running job refreshes its heartbeat this often and notices cancellation from other processes.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A running job whose heartbeat is older than this is treated as orphaned and queued again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// With PostgreSQL: how often an idle worker looks for work in the shared queue. A job enqueued by another node waits
    /// up to this long for an idle worker; one enqueued in the same process wakes a worker at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 3;
}
