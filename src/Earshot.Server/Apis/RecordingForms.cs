using System.Globalization;
using System.Text.Json;
using Earshot.Server.Jobs;
using Earshot.Server.Recordings;

namespace Earshot.Server.Apis;

/// <summary>The fields of a recording request, from a JSON body or form fields, before they are checked by the service.</summary>
public sealed record RecordingFields(string? FileId, string? Name, RecordingOptions Options);

/// <summary>JSON body of POST, PUT and PATCH /v1/recordings (snake_case); absent fields keep their value or default.</summary>
public sealed record RecordingBody(string? FileId, string? Name, List<string>? Keywords, bool? Timestamps, bool? Sentiment, string? Model, double? ChunkSeconds);

/// <summary>Reads recording requests; malformed values become <see cref="RecordingRejectedException"/>s (422) naming the field.</summary>
public static class RecordingForms
{
    public static async Task<RecordingFields> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        RecordingBody? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<RecordingBody>(request.Body, JobJson.Options, cancellationToken);
        }
        catch (JsonException ex)
        {
            throw RecordingRejectedException.Invalid($"The JSON body is malformed or a field has the wrong type: {ex.Message}");
        }
        if (body is null)
            throw RecordingRejectedException.Invalid("The JSON body is empty.");
        return new RecordingFields(body.FileId, body.Name,
            new RecordingOptions(body.Keywords, body.Timestamps, body.Sentiment, body.Model, body.ChunkSeconds));
    }

    /// <summary>Form fields: keywords as repeated "keywords[]" (or "keywords") fields, booleans as true/false/1/0.</summary>
    public static RecordingFields FromForm(IReadOnlyDictionary<string, List<string>> fields)
    {
        string? Field(string name) => fields.TryGetValue(name, out var values) && values.Count > 0 ? values[^1] : null;
        var keywords = fields.GetValueOrDefault("keywords[]") is { } arrayField ? [.. arrayField, .. fields.GetValueOrDefault("keywords") ?? []]
            : fields.GetValueOrDefault("keywords");
        return new RecordingFields(Field("file_id"), Field("name"), new RecordingOptions(keywords, Bool(Field("timestamps"), "timestamps"),
            Bool(Field("sentiment"), "sentiment"), Field("model"), Number(Field("chunk_seconds"), "chunk_seconds")));
    }

    public static IReadOnlyDictionary<string, List<string>> ToFields(IFormCollection form) =>
        form.ToDictionary(f => f.Key, f => f.Value.Select(v => v ?? "").ToList(), StringComparer.OrdinalIgnoreCase);

    private static bool? Bool(string? value, string name) => value?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "true" or "1" or "on" or "yes" => true,
        "false" or "0" or "off" or "no" => false,
        _ => throw RecordingRejectedException.Invalid($"{name} must be true or false, not '{value}'."),
    };

    private static double? Number(string? value, string name) =>
        value is null ? null
        : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? number
        : throw RecordingRejectedException.Invalid($"{name} must be a number of seconds, not '{value}'.");
}
