namespace Earshot.Engines.Whisper;

/// <summary>One Whisper model: its ggml file, how many processors it pools and how streams cut speech.</summary>
public sealed record WhisperOptions
{
    /// <summary>Name the model is published under.</summary>
    public required string Name { get; init; }

    /// <summary>The ggml weights file (whisper.cpp format).</summary>
    public required string ModelPath { get; init; }

    /// <summary>Spoken language ("en", "de" …) or "auto" to let a multilingual model detect it per request.</summary>
    public string Language { get; init; } = "en";

    public IReadOnlyList<string> Languages { get; init; } = ["en"];

    /// <summary>Processors (whisper.cpp decoding states) kept for concurrent requests and streams; they share the weights.</summary>
    public int PoolSize { get; init; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>CPU threads each processor uses.</summary>
    public int Threads { get; init; } = 2;

    /// <summary>Silero VAD weights streams use to cut speech into chunks; when missing, streams cut every <see cref="MaxChunkSeconds"/>.</summary>
    public string? VadModelPath { get; init; }

    /// <summary>Speech longer than this without a pause is cut into several chunks (Whisper reads 30 s windows).</summary>
    public double MaxChunkSeconds { get; init; } = 25;

    /// <summary>How long a stream whose chunk ended waits for a free processor before its Accept throws <see cref="TimeoutException"/>.</summary>
    public TimeSpan StreamProcessorWait { get; init; } = TimeSpan.FromSeconds(30);

    internal void Validate()
    {
        if (!File.Exists(ModelPath))
            throw new FileNotFoundException($"Whisper weights '{ModelPath}' not found.", ModelPath);
        ArgumentOutOfRangeException.ThrowIfLessThan(PoolSize, 1, nameof(PoolSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(Threads, 1, nameof(Threads));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxChunkSeconds, 1.0, nameof(MaxChunkSeconds));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxChunkSeconds, 30.0, nameof(MaxChunkSeconds));
        ArgumentException.ThrowIfNullOrWhiteSpace(Language, nameof(Language));
    }
}
