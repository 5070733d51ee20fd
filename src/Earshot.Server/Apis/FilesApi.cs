using System.ComponentModel;
using System.Security.Claims;
using Earshot.Server.Activity;
using Earshot.Server.Auth;
using Earshot.Server.Files;
using Earshot.Server.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Apis;

public sealed record UploadFileResponse(Guid FileId, string Name, long SizeBytes, double? DurationSeconds, int? Width, int? Height);

/// <summary>Audio and image upload/download (seed routes).</summary>
public static class FilesApi
{
    private static readonly string[] UploadFields = ["upload_file", "file"];

    public static IEndpointRouteBuilder MapFilesApi(this IEndpointRouteBuilder app)
    {
        foreach (var kind in new[] { FileKind.Audio, FileKind.Image })
        {
            var name = kind.ToString();
            var api = app.MapGroup($"v1/{name.ToLowerInvariant()}").WithTags(name);
            api.MapPost("upload", (HttpRequest request, ClaimsPrincipal user, FileService files, IFileStore store, ActivityLog activity,
                        IOptions<EarshotOptions> options, CancellationToken ct) => Upload(kind, request, user, files, store, activity, options, ct))
                .DisableAntiforgery()
                .Accepts<IFormFile>("multipart/form-data")
                .WithName($"Upload{name}")
                .WithSummary($"Upload a{(kind == FileKind.Audio ? "n audio" : "n image")} file as multipart field 'upload_file'. It is decoded to validate it.")
                .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
                .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
                .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
            api.MapGet("download", (string? file, string? variant, ClaimsPrincipal user, FileService files, IFileStore store, CancellationToken ct) =>
                    Download(kind, file, variant, user, files, store, ct))
                .WithName($"Download{name}")
                .WithSummary(kind == FileKind.Audio
                    ? "Download an audio file: the original upload, or variant=canonical for the 16 kHz mono WAV."
                    : "Download an image: the normalised PNG, or variant=original for the upload as sent.")
                .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        }
        return app;
    }

    private static async Task<Results<Ok<UploadFileResponse>, ProblemHttpResult>> Upload(FileKind kind, HttpRequest request,
        ClaimsPrincipal user, FileService files, IFileStore store, ActivityLog activity, IOptions<EarshotOptions> options, CancellationToken cancellationToken)
    {
        var owner = user.GetUserId();
        return await Uploads.HandleAsync<Results<Ok<UploadFileResponse>, ProblemHttpResult>>(store, async temp =>
        {
            var (upload, refused) = await MultipartFileReader.ReadAsync(request, UploadFields, options.Value.MaxUploadBytes, temp, cancellationToken);
            if (refused is not null)
                return Uploads.Problem(refused);
            var (file, rejection) = await files.IngestAsync(owner, kind, upload!, cancellationToken);
            if (rejection is not null)
                return Uploads.Problem(rejection);
            await activity.RecordAsync("file.upload", "ok", owner, user.GetUserName(), file!.Id.ToString(), cancellationToken: cancellationToken);
            return TypedResults.Ok(new UploadFileResponse(file.Id, file.OriginalName, file.SizeBytes, file.DurationSeconds, file.Width, file.Height));
        }, problem => problem);
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Download(FileKind kind,
        [Description("File id (UUID)")] string? file, [Description("original or canonical")] string? variant,
        ClaimsPrincipal user, FileService files, IFileStore store, CancellationToken cancellationToken)
    {
        if (!Problems.TryParseId(file, out var id))
            return Problems.Validation("Query parameter 'file' must be a file id (UUID).");
        var stored = await files.FindAsync(user.GetUserId(), id, kind, cancellationToken);
        if (stored is null)
            return Problems.NotFound("File not found");

        var canonical = variant?.ToLowerInvariant() switch
        {
            null or "" => kind == FileKind.Image,
            "canonical" => true,
            "original" => false,
            _ => (bool?)null,
        };
        if (canonical is null)
            return Problems.Validation("variant must be 'original' or 'canonical'.");

        var key = canonical.Value ? stored.CanonicalKey : stored.OriginalKey;
        var name = canonical.Value
            ? Path.ChangeExtension(stored.OriginalName, Path.GetExtension(key))
            : stored.OriginalName;
        // from the stored file's extension (checked at upload, the content decoded), never from what the uploader claimed
        var contentType = StoredContentTypes.For(key);
        return TypedResults.File(store.OpenRead(key), contentType, name);
    }
}
