namespace Earshot.Server.Recordings;

/// <summary>
/// What to analyse in a recording. Null fields take the defaults: no keywords, timestamps and sentiment on,
/// the configured default model, the configured chunk length.
/// </summary>
public sealed record RecordingRequest(
    IReadOnlyList<string>? Keywords = null,
    bool? Timestamps = null,
    bool? Sentiment = null,
    string? Model = null,
    double? ChunkSeconds = null);

/// <summary>A change to a recording: a new name, and/or analysis options (any option change re-runs the analysis).</summary>
public sealed record RecordingChange(string? Name, RecordingRequest Options);
