namespace Earshot.Server.Entities;

public enum FileKind { Audio, Image }

/// <summary>An uploaded or derived file. The store keeps the original and a canonical copy for the engines.</summary>
public sealed class StoredFile
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OwnerId { get; set; }
    public FileKind Kind { get; set; }
    public required string OriginalName { get; set; }
    public required string ContentType { get; set; }
    public long SizeBytes { get; set; }

    /// <summary>Store key of the file as uploaded.</summary>
    public required string OriginalKey { get; set; }

    /// <summary>Store key of the 16 kHz mono WAV (audio) or orientation-corrected PNG (image).</summary>
    public required string CanonicalKey { get; set; }

    /// <summary>Set when the file was cut from another one (segment clips, word clips).</summary>
    public Guid? SourceFileId { get; set; }

    public double? DurationSeconds { get; set; }
    public int? SampleRate { get; set; }
    public int? Channels { get; set; }
    public string? Codec { get; set; }
    public int? Width { get; set; }
    public int? Height { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
}
