namespace Earshot.Server.Recordings;

/// <summary>
/// What to analyse in a recording. Null fields take the defaults: no keywords, timestamps and sentiment on,
/// the configured default model, the configured chunk length.
/// </summary>
public sealed record RecordingOptions(
    IReadOnlyList<string>? Keywords = null,
    bool? Timestamps = null,
    bool? Sentiment = null,
    string? Model = null,
    double? ChunkSeconds = null);

/// <summary>A change to a recording: a new name, and/or analysis options (any option change re-runs the analysis).</summary>
public sealed record RecordingChange(string? Name, RecordingOptions Options);

/// <summary>Bad input for a recording: the status code to answer with (404 unknown file or model, 422 invalid) and why.</summary>
public sealed class RecordingRejectedException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public static RecordingRejectedException Invalid(string message) => new(StatusCodes.Status422UnprocessableEntity, message);
    public static RecordingRejectedException NotFound(string message) => new(StatusCodes.Status404NotFound, message);
}
