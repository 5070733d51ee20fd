using Microsoft.AspNetCore.Http.HttpResults;

namespace Earshot.Server.Apis;

/// <summary>RFC 7807 problem results with the precise status codes the API documents.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not found", detail);
    public static ProblemHttpResult Validation(string detail) => Problem(StatusCodes.Status422UnprocessableEntity, "Invalid request", detail);
    public static ProblemHttpResult Unsupported(string detail) => Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", detail);
    public static ProblemHttpResult TooLarge(string detail) => Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large", detail);
    public static ProblemHttpResult Conflict(string detail) => Problem(StatusCodes.Status409Conflict, "Conflict", detail);
    public static ProblemHttpResult NotReady(string detail) => Problem(StatusCodes.Status406NotAcceptable, "Result not available", detail);
    public static ProblemHttpResult Unauthorized(string detail) => Problem(StatusCodes.Status401Unauthorized, "Unauthorized", detail);
    public static ProblemHttpResult Forbidden(string detail) => Problem(StatusCodes.Status403Forbidden, "Forbidden", detail);

    public static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

    /// <summary>Parses an id given in a query string; seed routes take ids as strings, so format errors are 422s, not 400s.</summary>
    public static bool TryParseId(string? value, out Guid id) => Guid.TryParse(value, out id);
}
