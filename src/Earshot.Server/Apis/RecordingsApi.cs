using System.ComponentModel;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Earshot.Server.Activity;
using Earshot.Server.Auth;
using Earshot.Server.Files;
using Earshot.Server.Jobs;
using Earshot.Server.Entities;
using Earshot.Server.Recordings;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Earshot.Server.Apis;

public sealed record RecordingAnalysisOptions(bool Timestamps, bool Sentiment, string Model, double ChunkSeconds);
public sealed record RecordingResponse(Guid Id, string Name, Guid AudioFileId, IReadOnlyList<string> Keywords, RecordingAnalysisOptions Options,
    RecordingStatus Status, string? Error, Guid? JobId, string? ResultModel, string? ResultModelVersion, DateTime CreatedAt, DateTime UpdatedAt,
    JsonElement? Result);
public sealed record RecordingPage(IReadOnlyList<RecordingResponse> Items, int Page, int PageSize, int Total);

/// <summary>
/// Stored recordings with keyword and sentiment analysis. A recording is an audio file (uploaded here or already stored)
/// plus what to look for; its analysis runs as a "recording.analyze" job and the result is kept on the recording.
/// </summary>
public static class RecordingsApi
{
    private static readonly string[] FileFields = ["file"];

    public static IEndpointRouteBuilder MapRecordingsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("v1/recordings").WithTags("Recordings");
        api.MapPost("", CreateRecording).WithName(nameof(CreateRecording))
            .WithSummary("Create a recording: multipart with an audio part 'file', or form/JSON with 'file_id'; plus name, keywords[] (repeatable), "
                + "timestamps, sentiment, model, chunk_seconds. Answers 202 with the recording and its analysis job.")
            .DisableAntiforgery()
            .AddOpenApiOperationTransformer(RecordingRequestDocs.DescribeCreateBody)
            .Produces<RecordingResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("", ListRecordings).WithName(nameof(ListRecordings))
            .WithSummary("Your recordings, newest first, without results: page (1-based) and page_size (1-100, default 20); name (substring, "
                + "case-insensitive); from/to (ISO 8601 UTC creation time; from inclusive, to exclusive, a date-only 'to' includes that day).");
        api.MapGet("{id}", GetRecording).WithName(nameof(GetRecording)).WithSummary("One recording with its status and, when analysed, its result.");
        api.MapPut("{id}", UpdateRecording).WithName("ReplaceRecording")
            .WithSummary("Same as PATCH: rename and/or change keywords/options (a changed analysis is re-run as a new job).");
        api.MapPatch("{id}", UpdateRecording).WithName(nameof(UpdateRecording))
            .WithSummary("Rename (name) and/or change keywords, timestamps, sentiment, model, chunk_seconds; absent fields are kept. "
                + "A changed analysis clears the result and queues a new job (202); a rename alone answers 200.");
        api.MapPost("{id}/analyze", ReanalyzeRecording).WithName(nameof(ReanalyzeRecording))
            .WithSummary("Run the analysis again with the current keywords and options (after a failure, or for a newer model): 202 with the new job; "
                + "409 while an analysis is queued or running.")
            .Produces<RecordingResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapDelete("{id}", DeleteRecording).WithName(nameof(DeleteRecording))
            .WithSummary("Delete the recording, cancel its analysis and remove its audio file.");
        return app;
    }

    internal static RecordingResponse ToResponse(Recording r, bool withResult = true) => new(r.Id, r.Name, r.AudioFileId, r.Keywords,
        new RecordingAnalysisOptions(r.Timestamps, r.Sentiment, r.Model, r.ChunkSeconds), r.Status, r.Error, r.CurrentJobId, r.ResultModel,
        r.ResultModelVersion, r.CreatedAt, r.UpdatedAt, withResult && r.ResultJson is not null ? JsonDocument.Parse(r.ResultJson).RootElement.Clone() : null);

    private static async Task<Results<Accepted<RecordingResponse>, ProblemHttpResult>> CreateRecording(HttpRequest request, ClaimsPrincipal user,
        RecordingService recordings, FileService files, IFileStore store, ActivityLog activity, IOptions<EarshotOptions> options, CancellationToken cancellationToken)
    {
        var owner = user.GetUserId();
        return await Uploads.HandleAsync<Results<Accepted<RecordingResponse>, ProblemHttpResult>>(store, async temp =>
        {
            var (upload, read, refused) = await ReadCreateRequestAsync(request, options.Value.MaxUploadBytes, temp, cancellationToken);
            if (refused is not null || read is not { } fields)
                return refused!;
            if (recordings.Validate(fields.Name, fields.Options) is { } invalid)
                return ToProblem(invalid);
            var (recording, problem) = upload is not null
                ? await CreateFromUploadAsync(owner, upload, fields, recordings, files, cancellationToken)
                : Guid.TryParse(fields.FileId, out var fileId)
                    ? Created(await recordings.CreateFromAudioFileAsync(owner, fileId, fields.Name ?? "", fields.Options, cancellationToken))
                    : (null, ToProblem(JobRequestError.Invalid($"file_id must be the id (UUID) of an audio file you uploaded, not '{fields.FileId}'.")));
            if (problem is not null)
                return problem;
            await activity.RecordAsync("recording.create", "ok", owner, user.GetUserName(), recording!.Id.ToString(), cancellationToken: cancellationToken);
            return TypedResults.Accepted($"/v1/recordings/{recording.Id}", ToResponse(recording));
        }, problem => problem);
    }

    private static (Recording?, ProblemHttpResult?) Created((Recording? Recording, Job? Job, JobRequestError? Error) created) =>
        created.Error is null ? (created.Recording, null) : (null, ToProblem(created.Error));

    /// <summary>The uploaded file (null when a file_id is given instead) and the fields, exactly one of the two sources, or the
    /// problem with the request.</summary>
    private static async Task<(ReceivedFile? Upload, RecordingFields? Fields, ProblemHttpResult? Problem)> ReadCreateRequestAsync(HttpRequest request,
        long maxBytes, string temp, CancellationToken cancellationToken)
    {
        MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType);
        var mediaType = contentType?.MediaType.Value?.ToLowerInvariant();
        ReceivedFile? upload = null;
        (RecordingFields? fields, JobRequestError? error) read;
        switch (mediaType)
        {
            case "multipart/form-data":
                var (file, formFields, rejection) = await MultipartFileReader.ReadFormAsync(request, FileFields, maxBytes, temp, cancellationToken);
                if (rejection is not null)
                    return (null, null, Uploads.Problem(rejection));
                (upload, read) = (file, RecordingForms.FromForm(formFields));
                break;
            case "application/x-www-form-urlencoded":
                read = RecordingForms.FromForm(RecordingForms.ToFields(await request.ReadFormAsync(cancellationToken)));
                break;
            case "application/json":
                read = await RecordingForms.ReadJsonAsync(request, cancellationToken);
                break;
            default:
                return (null, null, Uploads.Problem(UploadRejection.Unsupported(
                    "Send multipart/form-data (with a 'file' part or a 'file_id' field), a url-encoded form or JSON with 'file_id'.")));
        }
        if (read.error is not null || read.fields is not { } fields)
            return (null, null, ToProblem(read.error!));
        if (upload is not null && fields.FileId is not null)
            return (null, null, ToProblem(JobRequestError.Invalid("Send either a 'file' part or a 'file_id', not both.")));
        if (upload is null && fields.FileId is null)
            return (null, null, ToProblem(JobRequestError.Invalid("No audio: add a file part named 'file' or a 'file_id' of an audio file you uploaded.")));
        return (upload, fields, null);
    }

    /// <summary>Stores the upload (its checks apply), then creates the recording; the file is removed again if that fails.</summary>
    private static async Task<(Recording?, ProblemHttpResult?)> CreateFromUploadAsync(Guid owner, ReceivedFile upload, RecordingFields fields,
        RecordingService recordings, FileService files, CancellationToken cancellationToken)
    {
        var (file, rejection) = await files.IngestAsync(owner, FileKind.Audio, upload, cancellationToken);
        if (file is null)
            return (null, Uploads.Problem(rejection!));
        var kept = false;
        try
        {
            var created = await recordings.CreateFromAudioFileAsync(owner, file.Id, fields.Name ?? "", fields.Options, cancellationToken);
            kept = created.Error is null;
            return Created(created);
        }
        finally
        {
            if (!kept)
                await files.DeleteAsync(owner, file.Id, CancellationToken.None);
        }
    }

    private static async Task<Results<Ok<RecordingPage>, ProblemHttpResult>> ListRecordings(ClaimsPrincipal user, RecordingService recordings,
        [Description("1-based page")] int? page, [FromQuery(Name = "page_size"), Description("1-100, default 20")] int? pageSize,
        [Description("Substring of the name, case-insensitive")] string? name,
        [Description("Created at or after (ISO 8601, UTC)")] string? from, [Description("Created before (ISO 8601, UTC; a date-only value includes that day)")] string? to,
        CancellationToken cancellationToken)
    {
        var pageNumber = page ?? 1;
        var size = pageSize ?? 20;
        if (pageNumber < 1 || size is < 1 or > 100)
            return Problems.Validation("page must be ≥ 1 and page_size between 1 and 100.");
        if (!TryParseTime(from, endOfDay: false, out var fromTime))
            return Problems.Validation($"from must be an ISO 8601 date or date-time, not '{from}'.");
        if (!TryParseTime(to, endOfDay: true, out var toTime))
            return Problems.Validation($"to must be an ISO 8601 date or date-time, not '{to}'.");
        if (fromTime > toTime)
            return Problems.Validation("from must not be after to.");
        var (items, total) = await recordings.ListAsync(user.GetUserId(), new RecordingQuery(name, fromTime, toTime, pageNumber, size), cancellationToken);
        return TypedResults.Ok(new RecordingPage(items.Select(r => ToResponse(r, withResult: false)).ToList(), pageNumber, size, total));
    }

    private static async Task<Results<Ok<RecordingResponse>, ProblemHttpResult>> GetRecording(string id, ClaimsPrincipal user, RecordingService recordings,
        CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var recordingId))
            return BadId(id);
        var recording = await recordings.FindAsync(user.GetUserId(), recordingId, cancellationToken);
        return recording is null ? Problems.NotFound("No such recording.") : TypedResults.Ok(ToResponse(recording));
    }

    private static async Task<Results<Ok<RecordingResponse>, Accepted<RecordingResponse>, ProblemHttpResult>> UpdateRecording(string id, HttpRequest request,
        ClaimsPrincipal user, RecordingService recordings, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var recordingId))
            return BadId(id);
        if (!(request.ContentType ?? "").StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return Problems.Unsupported("Send the changes as a JSON object.");
        var (fields, invalid) = await RecordingForms.ReadJsonAsync(request, cancellationToken);
        if (invalid is not null)
            return ToProblem(invalid);
        if (fields!.FileId is not null)
            return Problems.Validation("The audio of a recording cannot be changed; create a new recording instead.");
        var (recording, job, error) = await recordings.UpdateAsync(user.GetUserId(), recordingId, new RecordingChange(fields.Name, fields.Options), cancellationToken);
        if (error is not null)
            return ToProblem(error);
        var body = ToResponse(recording!);
        return job is null ? TypedResults.Ok(body) : TypedResults.Accepted($"/v1/recordings/{recordingId}", body);
    }

    private static async Task<Results<Accepted<RecordingResponse>, ProblemHttpResult>> ReanalyzeRecording(string id, ClaimsPrincipal user,
        RecordingService recordings, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var recordingId))
            return BadId(id);
        var (recording, _, error) = await recordings.ReanalyzeAsync(user.GetUserId(), recordingId, cancellationToken);
        return error is null ? TypedResults.Accepted($"/v1/recordings/{recordingId}", ToResponse(recording!)) : ToProblem(error);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteRecording(string id, ClaimsPrincipal user, RecordingService recordings,
        ActivityLog activity, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var recordingId))
            return BadId(id);
        if (!await recordings.DeleteAsync(user.GetUserId(), recordingId, cancellationToken))
            return Problems.NotFound("No such recording.");
        await activity.RecordAsync("recording.delete", "ok", user.GetUserId(), user.GetUserName(), id, cancellationToken: cancellationToken);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult BadId(string id) => Problems.Validation($"The recording id must be a UUID, not '{id}'.");

    private static ProblemHttpResult ToProblem(JobRequestError error) =>
        error.StatusCode switch
        {
            StatusCodes.Status404NotFound => Problems.NotFound(error.Detail),
            StatusCodes.Status409Conflict => Problems.Problem(error.StatusCode, "Conflict", error.Detail),
            StatusCodes.Status429TooManyRequests => Problems.Overloaded(error.Detail, TimeSpan.FromSeconds(30)),
            _ => Problems.Problem(error.StatusCode, "Invalid request", error.Detail),
        };

    private static bool TryParseTime(string? value, bool endOfDay, out DateTime? time)
    {
        time = null;
        if (string.IsNullOrEmpty(value))
            return true;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            time = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddDays(endOfDay ? 1 : 0);
            return true;
        }
        if (!DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
            return false;
        time = parsed;
        return true;
    }
}
