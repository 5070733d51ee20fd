namespace Earshot.Server.Entities;

/// <summary>Who did what, when, and how it ended: account and job events for operators.</summary>
public sealed class ActivityEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; } = DateTime.UtcNow;
    public Guid? UserId { get; set; }
    public string? UserName { get; set; }

    /// <summary>Dotted event name, e.g. "auth.login", "job.failed".</summary>
    public required string Action { get; set; }
    public string? Target { get; set; }
    public required string Outcome { get; set; }
    public string? Detail { get; set; }
}
