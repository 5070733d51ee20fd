using System.ComponentModel;
using System.Security.Claims;
using Earshot.Server.Auth;
using Earshot.Server.Entities;
using Earshot.Server.Voices;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Earshot.Server.Apis;

public sealed record VoiceAudioRequest(
    [property: Description("Upload stream uuids (/v1/streams) whose audio so far is used.")] IReadOnlyList<Guid>? Streams,
    [property: Description("Audio file ids (/v1/audio/upload).")] IReadOnlyList<Guid>? Files);

public sealed record VoiceEnrollRequest(
    [property: Description("Your name for the speaker (1–128 characters, no '/').")] string? ExternalId,
    IReadOnlyList<Guid>? Streams, IReadOnlyList<Guid>? Files,
    [property: Description("Enrolling an id that exists replaces its voiceprint when true; otherwise it is a 409.")] bool Replace = false);

public sealed record VoiceCompareRequest(float[]? Voiceprint1, float[]? Voiceprint2);

public sealed record VoiceprintResponse(float[] Voiceprint, double SpeechSeconds, int Sources);
public sealed record VoiceScoreResponse(double Score);
public sealed record VoiceEnrollment(string ExternalId, double SpeechSeconds, int Sources, string Model, DateTime CreatedAt, DateTime UpdatedAt,
    float[]? Voiceprint = null)
{
    public static VoiceEnrollment From(Voiceprint v, bool withVector) =>
        new(v.ExternalId, v.SpeechSeconds, v.Sources, v.Model, v.CreatedAt, v.UpdatedAt, withVector ? v.Values() : null);
}
public sealed record VoiceVerifyResponse(string ExternalId, double Score, bool Accepted, double Threshold, double SpeechSeconds);
public sealed record VoiceIdList(IReadOnlyList<string> Ids);
public sealed record VoiceDeleteAllResponse(int DeletedCount);

/// <summary>Voice verification in Earshot's own shape: voiceprints, enrolments and verification from upload streams or files.</summary>
public static class VoicesApi
{
    public static IEndpointRouteBuilder MapVoicesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("v1/voices").WithTags("Voices");
        api.MapPost("voiceprint", VoiceprintAsync).WithName("TakeVoiceprint")
            .WithSummary("The voiceprint (unit-length x-vector) of the speech in streams and/or files.");
        api.MapPost("compare", CompareAsync).WithName("CompareVoiceprints").Accepts<VoiceCompareRequest>("application/json")
            .WithSummary("Cosine score of two voiceprints of the model's length.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapPost("", EnrollAsync).WithName("EnrollVoice")
            .WithSummary("Enrol a speaker from one or more streams or files; an existing id is a 409 unless replace is true.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapGet("", ListAsync).WithName("ListVoices").WithSummary("Your enrolled ids.");
        api.MapGet("{externalId}", GetAsync).WithName("GetVoice").WithSummary("One enrolment with its voiceprint.");
        api.MapDelete("{externalId}", DeleteAsync).WithName("DeleteVoice").WithSummary("Delete one enrolment.");
        api.MapDelete("", DeleteAllAsync).WithName("DeleteAllVoices").WithSummary("Delete all your enrolments.");
        api.MapPost("{externalId}/verify", VerifyAsync).WithName("VerifyVoice")
            .WithSummary("Score streams or files against an enrolled speaker; accepted when the score reaches the threshold.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }

    internal static VoiceSources Sources(IReadOnlyList<Guid>? streams, IReadOnlyList<Guid>? files) => new(streams ?? [], files ?? []);

    /// <summary>Earshot's status for each failure; the seed routes use their own.</summary>
    internal static ProblemHttpResult ToProblem(VoiceFailure failure) => failure.Error switch
    {
        VoiceError.StreamNotFound or VoiceError.FileNotFound or VoiceError.UnknownSpeaker => Problems.NotFound(failure.Detail),
        VoiceError.Conflict => Problems.Conflict(failure.Detail),
        VoiceError.Busy => Problems.Problem(StatusCodes.Status429TooManyRequests, "Too many requests", failure.Detail),
        VoiceError.ModelMissing => Problems.Problem(StatusCodes.Status503ServiceUnavailable, "Speaker model unavailable", failure.Detail),
        _ => Problems.Validation(failure.Detail),
    };

    private static async Task<Results<Ok<VoiceprintResponse>, ProblemHttpResult>> VoiceprintAsync(VoiceAudioRequest request, ClaimsPrincipal user,
        VoiceService voices, CancellationToken cancellationToken)
    {
        var (sample, failure) = await voices.ExtractAsync(user.GetUserId(), Sources(request.Streams, request.Files), cancellationToken);
        return sample is null ? ToProblem(failure!) : TypedResults.Ok(new VoiceprintResponse(sample.Voiceprint, sample.SpeechSeconds, sample.Sources));
    }

    /// <summary>The body is read by hand so that strings or nulls among the numbers are a precise 400, not a binding failure.</summary>
    private static async Task<Results<Ok<VoiceScoreResponse>, ProblemHttpResult>> CompareAsync(HttpRequest request, SpeakerModels models,
        CancellationToken cancellationToken)
    {
        var (body, error) = await VoiceCompatApi.ReadBodyAsync(request, cancellationToken);
        if (error is not null)
            return error;
        float[]? first = null, second = null;
        if (!VoiceCompatApi.TryNumbers(body, "voiceprint1", ref first) || !VoiceCompatApi.TryNumbers(body, "voiceprint2", ref second))
            return Problems.Problem(StatusCodes.Status400BadRequest, "Malformed request", "voiceprint1 and voiceprint2 must be arrays of numbers.");
        return VoiceprintRules.Problem(first, second, models) is { } problem
            ? Problems.Validation(problem)
            : TypedResults.Ok(new VoiceScoreResponse(Engines.Speakers.SpeakerModel.Score(first, second)));
    }

    private static async Task<Results<Created<VoiceEnrollment>, Ok<VoiceEnrollment>, ProblemHttpResult>> EnrollAsync(VoiceEnrollRequest request,
        ClaimsPrincipal user, VoiceService voices, CancellationToken cancellationToken)
    {
        var (enrolled, created, failure) = await voices.EnrollAsync(user.GetUserId(), user.GetUserName(), request.ExternalId ?? "",
            Sources(request.Streams, request.Files), request.Replace, cancellationToken);
        if (enrolled is null)
            return ToProblem(failure!);
        var body = VoiceEnrollment.From(enrolled, withVector: false);
        return created ? TypedResults.Created($"/v1/voices/{Uri.EscapeDataString(enrolled.ExternalId)}", body) : TypedResults.Ok(body);
    }

    private static async Task<Ok<VoiceIdList>> ListAsync([Description("Only ids starting with this.")] string? prefix, ClaimsPrincipal user,
        VoiceService voices, CancellationToken cancellationToken) =>
        TypedResults.Ok(new VoiceIdList(await voices.ListAsync(user.GetUserId(), prefix, cancellationToken)));

    private static async Task<Results<Ok<VoiceEnrollment>, ProblemHttpResult>> GetAsync(string externalId, ClaimsPrincipal user, VoiceService voices,
        CancellationToken cancellationToken) =>
        await voices.FindAsync(user.GetUserId(), externalId, cancellationToken) is { } v
            ? TypedResults.Ok(VoiceEnrollment.From(v, withVector: true))
            : Problems.NotFound($"No one is enrolled as '{externalId}'.");

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string externalId, ClaimsPrincipal user, VoiceService voices,
        CancellationToken cancellationToken) =>
        await voices.DeleteAsync(user.GetUserId(), user.GetUserName(), externalId, cancellationToken)
            ? TypedResults.NoContent()
            : Problems.NotFound($"No one is enrolled as '{externalId}'.");

    private static async Task<Ok<VoiceDeleteAllResponse>> DeleteAllAsync(ClaimsPrincipal user, VoiceService voices, CancellationToken cancellationToken) =>
        TypedResults.Ok(new VoiceDeleteAllResponse(await voices.DeleteAllAsync(user.GetUserId(), user.GetUserName(), cancellationToken)));

    private static async Task<Results<Ok<VoiceVerifyResponse>, ProblemHttpResult>> VerifyAsync(string externalId, VoiceAudioRequest request,
        ClaimsPrincipal user, VoiceService voices, CancellationToken cancellationToken)
    {
        var (outcome, failure) = await voices.VerifyAsync(user.GetUserId(), user.GetUserName(), externalId, Sources(request.Streams, request.Files),
            cancellationToken);
        return outcome is null ? ToProblem(failure!)
            : TypedResults.Ok(new VoiceVerifyResponse(outcome.ExternalId, outcome.Score, outcome.Accepted, outcome.Threshold, outcome.SpeechSeconds));
    }
}

/// <summary>What compare accepts: two voiceprints of the model's length with finite values.</summary>
internal static class VoiceprintRules
{
    public static string? Problem(float[]? a, float[]? b, SpeakerModels models)
    {
        if (a is null || b is null)
            return "Send voiceprint1 and voiceprint2, arrays of numbers.";
        var dim = models.Model?.Dim ?? 128;
        if (a.Length != dim || b.Length != dim)
            return $"Voiceprints have {dim} numbers; got {a.Length} and {b.Length}.";
        if (a.Any(v => !float.IsFinite(v)) || b.Any(v => !float.IsFinite(v)))
            return "Voiceprints must hold finite numbers.";
        return null;
    }
}
