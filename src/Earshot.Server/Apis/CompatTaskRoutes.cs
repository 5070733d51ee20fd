using System.Security.Claims;
using Earshot.Server.Auth;
using Earshot.Server.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Earshot.Server.Apis;

/// <summary>
/// The seed's "POST …/{name}/task" + "GET …/{name}/result" pair as a thin alias over the job engine:
/// the POST body is the pipeline's request, the result route checks the task's kind. "Compat": the routes of the original
/// API documents (the "seeds"), kept for their clients.
/// </summary>
public static class CompatTaskRoutes
{
    public static RouteGroupBuilder MapCompatTask<TRequest>(this RouteGroupBuilder group, string name, string kind, string summary)
        where TRequest : class
    {
        group.MapPost($"{name}/task", async Task<Results<Ok<TaskCreateResponse>, ProblemHttpResult>> (TRequest request, ClaimsPrincipal user,
                JobEngine engine, CancellationToken cancellationToken) =>
            {
                var (job, error) = await engine.SubmitAsync(user.GetUserId(), kind, request, cancellationToken);
                return error is not null ? JobsApi.ToProblem(error) : TypedResults.Ok(new TaskCreateResponse(job!.Id));
            })
            .WithName($"Create_{kind.Replace('.', '_')}")
            .WithSummary(summary)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapGet($"{name}/result", ([FromQuery(Name = "task_id")] string? taskId, ClaimsPrincipal user, JobEngine engine, CancellationToken cancellationToken) =>
                JobsApi.CompatResultAsync(taskId, kind, user, engine, cancellationToken))
            .WithName($"Result_{kind.Replace('.', '_')}")
            .WithSummary($"Result of a '{kind}' task: 406 while not finished, 422 for a task of another kind.")
            .ProducesProblem(StatusCodes.Status406NotAcceptable)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }
}
