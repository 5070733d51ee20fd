namespace Earshot.Engines.Remote;

/// <summary>Where an OpenAI-compatible transcription server lives and how to call it.</summary>
/// <param name="BaseUrl">Server root; requests go to {BaseUrl}/v1/audio/transcriptions.</param>
/// <param name="RemoteModel">The "model" form field sent to the server (e.g. "whisper-1", "large-v3").</param>
/// <param name="Name">The name this model has inside Earshot.</param>
public sealed record RemoteAsrOptions(Uri BaseUrl, string RemoteModel, string Name = "remote-asr")
{
    /// <summary>Sent as "Authorization: Bearer …" (OpenAI style); Earshot servers accept API keys there too via X-Api-Key.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Send the key as X-Api-Key instead of a bearer token (another Earshot server).</summary>
    public bool UseApiKeyHeader { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);
    public IReadOnlyList<string> Languages { get; init; } = ["*"];
}
