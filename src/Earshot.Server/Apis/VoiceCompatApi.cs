using System.Security.Claims;
using System.Text.Json;
using Earshot.Server.Auth;
using Earshot.Server.Extensions;
using Earshot.Server.Streaming;
using Earshot.Server.Voices;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Earshot.Server.Apis;

public sealed record CompatVoiceprint(float[] Voiceprint);
public sealed record CompatScore(double Score);
public sealed record CompatVerifyResponse(double Score, bool Accepted, double Threshold);
public sealed record CompatEnrolled(string ExternalId, double SpeechSeconds);
public sealed record CompatDeleted(string ExternalId);

/// <summary>
/// The voice verification seed's routes (SpeechEngine and VoiceVerifier) with its status codes, including 460 (no
/// such enrolled user) and 461 (no such stream) on verify: thin aliases over the upload streams and <see cref="VoiceService"/>.
/// "Compat" code keeps clients of the original API documents (the "seeds") working; the operation names ("Seed…") and the
/// tag are published in the OpenAPI document, so they keep the word.
/// </summary>
public static class VoiceCompatApi
{
    public const int UnknownUser = 460;
    public const int UnknownStream = 461;

    public static IEndpointRouteBuilder MapVoiceCompatApi(this IEndpointRouteBuilder app)
    {
        var engine = app.MapGroup("").WithTags("Voices (seed)");
        engine.MapGet("http_stream", ListStreams).WithName("SeedListStreams").WithSummary("Your open upload streams: {\"streams\": [...]}.");
        engine.MapPost("http_stream", UploadStreamsApi.Start).WithName("SeedStartStream").WithSummary("Start an upload stream (PCM s16le 16 kHz mono): {\"uuid\"}.");
        engine.MapPost("http_stream/{id}", UploadStreamsApi.Append).DisableAntiforgery().WithMetadata(new JsonBodyLimit(null)).WithName("SeedAppendStream")
            .WithSummary("Append audio: JSON {\"data\": base64} or a binary body.");
        engine.MapDelete("http_stream/{id}", UploadStreamsApi.Delete).WithName("SeedDeleteStream").WithSummary("Drop an upload stream.");
        engine.MapGet("http_stream/voiceprint/{id}", StreamVoiceprintAsync).WithName("SeedStreamVoiceprint")
            .WithSummary("Voiceprint of a stream's audio so far: {\"voiceprint\": [...]}; 404 no stream, 422 too little speech.");
        engine.MapPost("speakeridt/compare_vp", CompareAsync).WithName("SeedCompareVoiceprints")
            .WithSummary("{\"voiceprint1\", \"voiceprint2\"} → {\"score\"} (cosine).");

        var verifier = app.MapGroup("").WithTags("Voices (seed)");
        verifier.MapGet("get_all_streams", ListStreams).WithName("SeedGetAllStreams").WithSummary("As GET /http_stream.");
        verifier.MapPost("start_stream", UploadStreamsApi.Start).WithName("SeedStartStreamVv").WithSummary("As POST /http_stream.");
        verifier.MapPost("upload_stream_data/{id}", UploadStreamsApi.Append).DisableAntiforgery().WithMetadata(new JsonBodyLimit(null)).WithName("SeedUploadStreamData")
            .WithSummary("As POST /http_stream/{uuid}.");
        verifier.MapPost("vv/enroll", EnrollAsync).WithName("SeedEnroll")
            .WithSummary("{uuid, external_id}: enrol from a stream. 400 missing field, 404 no stream, 409 id exists, 422 too little speech.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        verifier.MapPost("vv/verify/{id}", VerifyAsync).WithName("SeedVerify")
            .WithSummary("{uuid}: score a stream against enrolled {id}: {score, accepted, threshold}. 460 unknown user, 461 unknown stream.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(UnknownUser).ProducesProblem(UnknownStream)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        verifier.MapGet("vv/get_voiceprint/{id}", GetVoiceprintAsync).WithName("SeedGetVoiceprint").WithSummary("Enrolled voiceprint; 460 unknown.").ProducesProblem(UnknownUser);
        verifier.MapGet("vv/list_enrollments", ListAsync).WithName("SeedListEnrollments").WithSummary("All your enrolled ids: {\"ids\"}.");
        verifier.MapGet("vv/list_enrollments/{id}", ListAsync).WithName("SeedListEnrollmentsPrefix").WithSummary("Enrolled ids starting with {id}.");
        verifier.MapDelete("vv/delete_enrollment/{id}", DeleteAsync).WithName("SeedDeleteEnrollment").WithSummary("Delete one enrolment; 400 when not enrolled (seed).");
        verifier.MapDelete("vv/delete_all_enrollment", DeleteAllAsync).WithName("SeedDeleteAllEnrollments").WithSummary("{\"deleted_count\"}.");
        return app;
    }

    private static Ok<UploadStreamList> ListStreams(ClaimsPrincipal user, UploadStreams streams) =>
        TypedResults.Ok(new UploadStreamList(streams.List(user.GetUserId())));

    private static async Task<Results<Ok<CompatVoiceprint>, ProblemHttpResult>> StreamVoiceprintAsync(string id, ClaimsPrincipal user,
        VoiceService voices, CancellationToken cancellationToken)
    {
        if (!Problems.TryParseId(id, out var uuid))
            return Problems.NotFound($"No upload stream '{id}'.");
        var (sample, failure) = await voices.ExtractAsync(user.GetUserId(), VoiceSources.Stream(uuid), cancellationToken);
        return sample is null ? VoicesApi.ToProblem(failure!) : TypedResults.Ok(new CompatVoiceprint(sample.Voiceprint));
    }

    private static async Task<Results<Ok<CompatScore>, ProblemHttpResult>> CompareAsync(HttpRequest request, SpeakerModels models,
        CancellationToken cancellationToken)
    {
        var (body, error) = await ReadBodyAsync(request, cancellationToken);
        if (error is not null)
            return error;
        float[]? first = null, second = null;
        if (!TryNumbers(body, "voiceprint1", ref first) || !TryNumbers(body, "voiceprint2", ref second))
            return Problems.Problem(StatusCodes.Status400BadRequest, "Malformed request", "voiceprint1 and voiceprint2 must be arrays of numbers.");
        return VoiceprintRules.Problem(first, second, models) is { } problem
            ? Problems.Validation(problem)
            : TypedResults.Ok(new CompatScore(Engines.Speakers.SpeakerModel.Score(first, second)));
    }

    private static async Task<Results<Ok<CompatEnrolled>, ProblemHttpResult>> EnrollAsync(HttpRequest request, ClaimsPrincipal user,
        VoiceService voices, CancellationToken cancellationToken)
    {
        var (body, error) = await ReadBodyAsync(request, cancellationToken);
        if (error is not null)
            return error;
        var uuidText = Text(body, "uuid");
        var externalId = Text(body, "external_id");
        if (string.IsNullOrEmpty(uuidText) || string.IsNullOrEmpty(externalId))
            return Malformed("uuid or external_id was not passed.");
        if (!Problems.TryParseId(uuidText, out var uuid))
            return Problems.NotFound($"No upload stream '{uuidText}'.");
        var (enrolled, _, failure) = await voices.EnrollAsync(user.GetUserId(), user.GetUserName(), externalId, VoiceSources.Stream(uuid),
            replace: false, cancellationToken);
        if (enrolled is not null)
            return TypedResults.Ok(new CompatEnrolled(enrolled.ExternalId, enrolled.SpeechSeconds));
        return failure!.Error == VoiceError.Invalid && VoiceIds.Problem(externalId) is not null ? Malformed(failure.Detail) : VoicesApi.ToProblem(failure);
    }

    private static async Task<Results<Ok<CompatVerifyResponse>, ProblemHttpResult>> VerifyAsync(string id, HttpRequest request, ClaimsPrincipal user,
        VoiceService voices, CancellationToken cancellationToken)
    {
        var (body, error) = await ReadBodyAsync(request, cancellationToken);
        if (error is not null)
            return error;
        var uuidText = Text(body, "uuid");
        if (string.IsNullOrEmpty(uuidText))
            return Malformed("uuid was not passed.");
        if (Text(body, "external_id") is { Length: > 0 } bodyId && bodyId != id)
            return Malformed($"external_id '{bodyId}' in the body differs from '{id}' in the path.");
        if (await voices.FindAsync(user.GetUserId(), id, cancellationToken) is null)
            return Problems.Problem(UnknownUser, "Unknown user", $"No one is enrolled as '{id}'.");
        if (!Problems.TryParseId(uuidText, out var uuid))
            return Problems.Problem(UnknownStream, "Unknown stream", $"No upload stream '{uuidText}'.");
        var (outcome, failure) = await voices.VerifyAsync(user.GetUserId(), user.GetUserName(), id, VoiceSources.Stream(uuid), cancellationToken);
        if (outcome is not null)
            return TypedResults.Ok(new CompatVerifyResponse(outcome.Score, outcome.Accepted, outcome.Threshold));
        return failure!.Error switch
        {
            VoiceError.UnknownSpeaker => Problems.Problem(UnknownUser, "Unknown user", failure.Detail),
            VoiceError.StreamNotFound => Problems.Problem(UnknownStream, "Unknown stream", failure.Detail),
            _ => VoicesApi.ToProblem(failure),
        };
    }

    private static async Task<Results<Ok<CompatVoiceprint>, ProblemHttpResult>> GetVoiceprintAsync(string id, ClaimsPrincipal user,
        VoiceService voices, CancellationToken cancellationToken) =>
        await voices.FindAsync(user.GetUserId(), id, cancellationToken) is { } v
            ? TypedResults.Ok(new CompatVoiceprint(v.Values()))
            : Problems.Problem(UnknownUser, "Unknown user", $"No one is enrolled as '{id}'.");

    private static async Task<Ok<VoiceIdList>> ListAsync(string? id, ClaimsPrincipal user, VoiceService voices, CancellationToken cancellationToken) =>
        TypedResults.Ok(new VoiceIdList(await voices.ListAsync(user.GetUserId(), id, cancellationToken)));

    private static async Task<Results<Ok<CompatDeleted>, ProblemHttpResult>> DeleteAsync(string id, ClaimsPrincipal user, VoiceService voices,
        CancellationToken cancellationToken) =>
        await voices.DeleteAsync(user.GetUserId(), user.GetUserName(), id, cancellationToken)
            ? TypedResults.Ok(new CompatDeleted(id))
            : Malformed($"A user with external id '{id}' was not found.");

    private static async Task<Ok<VoiceDeleteAllResponse>> DeleteAllAsync(ClaimsPrincipal user, VoiceService voices, CancellationToken cancellationToken) =>
        TypedResults.Ok(new VoiceDeleteAllResponse(await voices.DeleteAllAsync(user.GetUserId(), user.GetUserName(), cancellationToken)));

    private static ProblemHttpResult Malformed(string detail) => Problems.Problem(StatusCodes.Status400BadRequest, "Malformed request", detail);

    /// <summary>The seed's bodies are read by hand so that a missing field or a wrong type is its 400, with a precise detail.</summary>
    internal static async Task<(JsonElement Body, ProblemHttpResult? Error)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? (document.RootElement.Clone(), null)
                : (default, Malformed("The body must be a JSON object."));
        }
        catch (JsonException ex)
        {
            return (default, Malformed($"The body is not valid JSON: {ex.Message}"));
        }
    }

    private static string? Text(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    internal static bool TryNumbers(JsonElement body, string name, ref float[]? values)
    {
        if (!body.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
            return false;
        var result = new float[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetSingle(out result[i++]))
                return false;
        }
        values = result;
        return true;
    }
}
