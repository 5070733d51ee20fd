using System.ComponentModel.DataAnnotations;

namespace Earshot.Server.Jobs;

/// <summary>The "Jobs" section: how many workers run pipelines and how orphaned runs are detected.</summary>
public sealed class JobOptions
{
    public const string Section = "Jobs";

    /// <summary>"InMemory" (embedded default: jobs are re-queued from the database after a restart).</summary>
    public string Storage { get; set; } = "InMemory";

    /// <summary>Run Hangfire workers in this process (off for a web-only node).</summary>
    public bool RunWorkers { get; set; } = true;

    [Range(1, 256)]
    public int WorkerCount { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>A running job refreshes its heartbeat this often and notices cancellation from other processes.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A running job whose heartbeat is older than this is treated as orphaned and queued again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseTimeout { get; set; } = TimeSpan.FromSeconds(60);

    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 3;
}
