namespace Earshot.Server.Entities;

public enum JobStatus { Queued, Running, Succeeded, Failed, Cancelled }

/// <summary>Every long operation is a job: its row is the truth, Hangfire only carries its id to a worker.</summary>
public sealed class Job
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OwnerId { get; set; }

    /// <summary>The pipeline that runs it, e.g. "audio.probe".</summary>
    public required string Kind { get; set; }
    public JobStatus Status { get; set; } = JobStatus.Queued;
    public int Progress { get; set; }
    public required string RequestJson { get; set; }
    public string? ResultJson { get; set; }
    public string? Error { get; set; }
    public int Attempts { get; set; }

    /// <summary>Process that claimed the job; with HeartbeatAt it tells a live run from an orphan.</summary>
    public string? Worker { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime? StartedAt { get; set; }
    public DateTime? HeartbeatAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    public bool IsFinished => Status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled;
}
