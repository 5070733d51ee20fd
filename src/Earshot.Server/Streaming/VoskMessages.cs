using System.Text.Json;
using System.Text.Json.Serialization;
using Earshot.Sdk;

namespace Earshot.Server.Streaming;

/// <summary>The client's optional first message, {"config": {...}}, as the Vosk server reads it (plus "model").</summary>
public sealed record StreamConfig
{
    [JsonPropertyName("sample_rate")] public double? SampleRate { get; init; }
    [JsonPropertyName("words")] public bool? Words { get; init; }
    [JsonPropertyName("phrase_list")] public string[]? PhraseList { get; init; }
    [JsonPropertyName("model")] public string? Model { get; init; }

    /// <summary>Earshot's addition: "pcm" (default, s16le at sample_rate) or a compressed container such as "webm" (browser MediaRecorder).</summary>
    [JsonPropertyName("format")] public string? Format { get; init; }
}

public sealed record VoskWord(
    [property: JsonPropertyName("word")] string Word,
    [property: JsonPropertyName("start")] double Start,
    [property: JsonPropertyName("end")] double End,
    [property: JsonPropertyName("conf")] double Conf);

/// <summary>Server → client messages in the Vosk shape; recording ids ride along on the final result.</summary>
public static class VoskMessages
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    // A close reason has 123 bytes at most: quotes and apostrophes stay as they are instead of \u0027 escapes (never HTML).
    private static readonly JsonSerializerOptions CloseReasonJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Partial(string text) => JsonSerializer.SerializeToUtf8Bytes(new { partial = text }, Json);

    public static byte[] Result(Transcript transcript, bool words, Guid? fileId = null, Guid? jobId = null) =>
        JsonSerializer.SerializeToUtf8Bytes(new
        {
            result = words ? transcript.Words.Select(ToVosk).ToArray() : null,
            text = transcript.Text,
            file_id = fileId,
            job_id = jobId,
        }, Json);

    public static VoskWord ToVosk(RecognizedWord w) =>
        new(w.Word, Math.Round(w.Start, 3), Math.Round(w.End, 3), Math.Round(w.Confidence, 4));

    /// <summary>A close reason: {"error": "..."}, cut to the 123 bytes a close frame can carry.</summary>
    public static string Error(string message)
    {
        var reason = JsonSerializer.Serialize(new { error = message }, CloseReasonJson);
        while (System.Text.Encoding.UTF8.GetByteCount(reason) > 123)
        {
            message = message[..^1];
            reason = JsonSerializer.Serialize(new { error = message }, CloseReasonJson);
        }
        return reason;
    }
}
