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

    /// <summary>The problem extension that also becomes the Retry-After header (see <see cref="AddRetryAfterHeader"/>).</summary>
    public const string RetryAfterExtension = "retry_after_seconds";

    /// <summary>429: this user has queued as much as one user may.</summary>
    public static ProblemHttpResult Overloaded(string detail, TimeSpan retryAfter) =>
        WithRetryAfter(StatusCodes.Status429TooManyRequests, "Server overloaded, try again later", detail, retryAfter);

    /// <summary>503: the server could not finish the work in the time a synchronous route waits.</summary>
    public static ProblemHttpResult Unavailable(string detail, TimeSpan retryAfter) =>
        WithRetryAfter(StatusCodes.Status503ServiceUnavailable, "Server busy, try again later", detail, retryAfter);

    private static ProblemHttpResult WithRetryAfter(int status, string title, string detail, TimeSpan retryAfter) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title,
            extensions: new Dictionary<string, object?> { [RetryAfterExtension] = (int)Math.Ceiling(retryAfter.TotalSeconds) });

    /// <summary>Copies a problem's retry_after_seconds into the Retry-After header, so clients and proxies back off.</summary>
    public static void AddRetryAfterHeader(ProblemDetailsContext context)
    {
        if (context.ProblemDetails.Extensions.TryGetValue(RetryAfterExtension, out var seconds) && seconds is not null)
            context.HttpContext.Response.Headers.RetryAfter = Convert.ToString(seconds, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Parses an id given in a query string; seed routes take ids as strings, so format errors are 422s, not 400s.</summary>
    public static bool TryParseId(string? value, out Guid id) => Guid.TryParse(value, out id);
}
