using System.Globalization;
using System.Text.Json;
using Earshot.Server.Jobs;
using Earshot.Server.Recordings;

namespace Earshot.Server.Apis;

/// <summary>The fields of a recording request, from a JSON body or form fields, before they are checked by the service.</summary>
public sealed record RecordingFields(string? FileId, string? Name, RecordingRequest Options);

/// <summary>JSON body of POST, PUT and PATCH /v1/recordings (snake_case); absent fields keep their value or default.
/// <see cref="Words"/> and <see cref="GetTimestamps"/> are seed 002's names for keywords and timestamps.</summary>
public sealed record RecordingBody(string? FileId, string? Name, List<string>? Keywords, bool? Timestamps, bool? Sentiment, string? Model, double? ChunkSeconds,
    List<string>? Words = null, bool? GetTimestamps = null);

/// <summary>Reads recording requests; a malformed value is refused (422) with a message naming the field (the first one
/// found, in field order).</summary>
public static class RecordingForms
{
    public static async Task<(RecordingFields? Fields, JobRequestError? Error)> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        RecordingBody? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<RecordingBody>(request.Body, JobJson.Options, cancellationToken);
        }
        catch (JsonException ex)
        {
            return (null, JobRequestError.Invalid($"The JSON body is malformed or a field has the wrong type: {ex.Message}"));
        }
        if (body is null)
            return (null, JobRequestError.Invalid("The JSON body is empty."));
        var problems = new List<string>();
        var fields = new RecordingFields(body.FileId, body.Name, new RecordingRequest(
            OneOf(body.Keywords, body.Words, "keywords", "words", problems),
            OneOf(body.Timestamps, body.GetTimestamps, "timestamps", "get_timestamps", problems),
            body.Sentiment, body.Model, body.ChunkSeconds));
        return Checked(fields, problems);
    }

    /// <summary>Form fields: keywords as repeated "keywords[]" (or "keywords") fields, booleans as true/false/1/0. Seed 002's
    /// names work too: "words" (repeated, or one JSON list such as <c>["puppy", "mother"]</c>) and "get_timestamps".</summary>
    public static (RecordingFields? Fields, JobRequestError? Error) FromForm(IReadOnlyDictionary<string, List<string>> fields)
    {
        var problems = new List<string>();
        string? Field(string name) => fields.TryGetValue(name, out var values) && values.Count > 0 ? values[^1] : null;
        List<string>? List(string name) => fields.GetValueOrDefault(name + "[]") is { } arrayField
            ? [.. arrayField, .. fields.GetValueOrDefault(name) ?? []]
            : fields.GetValueOrDefault(name);
        var keywords = OneOf(List("keywords"), JsonListOrValues(List("words"), problems), "keywords", "words", problems);
        var timestamps = OneOf(Bool(Field("timestamps"), "timestamps", problems), Bool(Field("get_timestamps"), "get_timestamps", problems),
            "timestamps", "get_timestamps", problems);
        return Checked(new RecordingFields(Field("file_id"), Field("name"), new RecordingRequest(keywords, timestamps,
            Bool(Field("sentiment"), "sentiment", problems), Field("model"), Number(Field("chunk_seconds"), "chunk_seconds", problems))), problems);
    }

    private static (RecordingFields?, JobRequestError?) Checked(RecordingFields fields, List<string> problems) =>
        problems.Count == 0 ? (fields, null) : (null, JobRequestError.Invalid(problems[0]));

    private static T? OneOf<T>(T? value, T? alias, string name, string aliasName, List<string> problems)
    {
        if (value is not null && alias is not null)
            problems.Add($"Send {name} or {aliasName} (its seed 002 name), not both.");
        return value ?? alias;
    }

    /// <summary>A single form value that is a JSON list of strings, as seed 002 stores "words", becomes that list.</summary>
    private static List<string>? JsonListOrValues(List<string>? values, List<string> problems)
    {
        if (values is not [var only] || !only.TrimStart().StartsWith('['))
            return values;
        try
        {
            return JsonSerializer.Deserialize<List<string>>(only) ?? [];
        }
        catch (JsonException)
        {
            problems.Add("words must be repeated form fields or one JSON list of strings, such as [\"puppy\", \"mother\"].");
            return null;
        }
    }

    public static IReadOnlyDictionary<string, List<string>> ToFields(IFormCollection form) =>
        form.ToDictionary(f => f.Key, f => f.Value.Select(v => v ?? "").ToList(), StringComparer.OrdinalIgnoreCase);

    private static bool? Bool(string? value, string name, List<string> problems)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case null:
                return null;
            case "true" or "1" or "on" or "yes":
                return true;
            case "false" or "0" or "off" or "no":
                return false;
            default:
                problems.Add($"{name} must be true or false, not '{value}'.");
                return null;
        }
    }

    private static double? Number(string? value, string name, List<string> problems)
    {
        if (value is null)
            return null;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            return number;
        problems.Add($"{name} must be a number of seconds, not '{value}'.");
        return null;
    }
}
