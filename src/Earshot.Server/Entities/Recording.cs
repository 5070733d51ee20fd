namespace Earshot.Server.Entities;

public enum RecordingStatus { Queued, Processing, Succeeded, Failed }

/// <summary>
/// A stored audio file with the analysis asked of it (keywords, options) and the latest result. Changing what is asked
/// re-runs the analysis as a new job; <see cref="CurrentJobId"/> names the only job allowed to write the result.
/// </summary>
public sealed class Recording
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OwnerId { get; set; }
    public required string Name { get; set; }
    public Guid AudioFileId { get; set; }
    public List<string> Keywords { get; set; } = [];
    public bool Timestamps { get; set; } = true;
    public bool Sentiment { get; set; } = true;

    /// <summary>The speech model asked for (its registry name).</summary>
    public required string Model { get; set; }

    /// <summary>Length of the pieces the audio is analysed in.</summary>
    public double ChunkSeconds { get; set; }

    public RecordingStatus Status { get; set; } = RecordingStatus.Queued;
    public string? Error { get; set; }
    public Guid? CurrentJobId { get; set; }

    /// <summary>The whole analysis result of the last successful run, written in one update; null otherwise.</summary>
    public string? ResultJson { get; set; }
    public string? ResultModel { get; set; }
    public string? ResultModelVersion { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;
}
