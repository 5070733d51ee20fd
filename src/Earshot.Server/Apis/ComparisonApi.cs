using System.Security.Claims;
using System.Text.Json;
using Earshot.Engines.Reading;
using Earshot.Server.Auth;
using Earshot.Server.Infrastructure;
using Earshot.Server.Jobs;
using Earshot.Server.Jobs.Pipelines;
using Earshot.Server.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Earshot.Server.Apis;

public sealed record WordStatusOverride(ReadingStatus Status);

/// <summary>Reading assessment: the seed's comparison task pairs, and a teacher's override of one word's status.</summary>
public static class ComparisonApi
{
    public static IEndpointRouteBuilder MapComparisonApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("v1/comparison").WithTags("Comparison");
        MapTask<ComparisonTextRequest>(api, "audio/text", ComparisonAudioTextPipeline.KindName,
            "Compare a reading with a given text (list of strings): per-word status, times, clips, errors and scores.");
        MapTask<ComparisonImageRequest>(api, "audio/image", ComparisonAudioImagePipeline.KindName,
            "Compare a reading with the text OCR finds on a page photo: as for text, plus each word's box on the page.");
        api.MapPatch("{taskId:guid}/words/{index:int}", OverrideWordAsync).WithName("OverrideReadingWord")
            .WithSummary("Set one reference word's status (teacher override); the scores and errors are recomputed.");
        return app;
    }

    private static void MapTask<TRequest>(RouteGroupBuilder api, string name, string kind, string summary) where TRequest : class
    {
        api.MapPost($"{name}/task", async Task<Results<Ok<TaskCreateResponse>, ProblemHttpResult>> (TRequest request, ClaimsPrincipal user,
                JobEngine engine, CancellationToken cancellationToken) =>
            {
                var (job, error) = await engine.SubmitAsync(user.GetUserId(), kind, request, cancellationToken);
                return error is not null ? JobsApi.ToProblem(error) : TypedResults.Ok(new TaskCreateResponse(job!.Id));
            })
            .WithName($"Create_{kind.Replace('.', '_')}").WithSummary(summary)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapGet($"{name}/result", async Task<Results<Ok<JsonElement>, ProblemHttpResult>> ([FromQuery(Name = "task_id")] string? taskId,
                ClaimsPrincipal user, JobEngine engine, CancellationToken cancellationToken) =>
            {
                // a comparison that failed for a reason the user can act on (no text on the page) is an invalid request, not "not ready"
                if (Problems.TryParseId(taskId, out var id) && await engine.FindAsync(user.GetUserId(), id, cancellationToken) is
                    { Status: JobStatus.Failed, Error: { } failure } job && job.Kind == kind)
                    return Problems.Validation(failure);
                return await JobsApi.CompatResultAsync(taskId, kind, user, engine, cancellationToken);
            })
            .WithName($"Result_{kind.Replace('.', '_')}")
            .WithSummary($"Result of a '{kind}' task: 406 while not finished, 422 when it failed or is of another kind.")
            .ProducesProblem(StatusCodes.Status406NotAcceptable).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<Results<Ok<ComparisonResult>, ProblemHttpResult>> OverrideWordAsync(Guid taskId, int index, WordStatusOverride body,
        ClaimsPrincipal user, EarshotDb db, CancellationToken cancellationToken)
    {
        // JSON numbers bind to any enum value, named or not
        if (!Enum.IsDefined(body.Status))
            return Problems.Validation($"status must be one of {string.Join(", ", Enum.GetNames<ReadingStatus>().Select(JsonNamingPolicy.SnakeCaseLower.ConvertName))}.");
        var owner = user.GetUserId();
        var job = await db.Jobs.FirstOrDefaultAsync(j => j.Id == taskId && j.OwnerId == owner
            && (j.Kind == ComparisonAudioTextPipeline.KindName || j.Kind == ComparisonAudioImagePipeline.KindName), cancellationToken);
        if (job is null)
            return Problems.NotFound("No such comparison task.");
        if (job.Status != JobStatus.Succeeded || job.ResultJson is null)
            return Problems.Conflict("The comparison has no result yet.");
        if (body.Status is ReadingStatus.Insertion or ReadingStatus.Repetition)
            return Problems.Validation("A reference word can be correct, substitution, omission or self_correction.");
        var result = JsonSerializer.Deserialize<ComparisonResult>(job.ResultJson, JobJson.Options)!;
        if (index < 0 || index >= result.Words.Count)
            return Problems.NotFound($"No word {index}; the reference has {result.Words.Count} words.");

        var words = result.Words.ToList();
        words[index] = words[index] with { Status = body.Status, Overridden = true };
        var updated = ReadingComparison.Build(result.Image, result.Audio, result.Reference, words, result.Insertions, result.Method) with { Speaker = result.Speaker };
        job.ResultJson = JsonSerializer.Serialize(updated, JobJson.Options);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(updated);
    }
}
