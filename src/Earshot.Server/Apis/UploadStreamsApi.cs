using System.Security.Claims;
using System.Text.Json;
using Earshot.Audio;
using Earshot.Sdk.Models;
using Earshot.Server.Auth;
using Earshot.Server.Extensions;
using Earshot.Server.Files;
using Earshot.Server.Streaming;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Apis;

public sealed record UploadStreamStarted(Guid Uuid);
public sealed record UploadStreamList(IReadOnlyList<Guid> Streams);
public sealed record UploadStreamAppended(Guid Uuid, long Bytes);
public sealed record UploadStreamFinished(Guid Uuid, Guid FileId, double DurationSeconds);

/// <summary>HTTP upload streams in the seed shape (spooled to disk; see UploadStreams): start, append chunks (binary body or {"data": base64}), list, delete, finish into an audio file.</summary>
public static class UploadStreamsApi
{
    public static IEndpointRouteBuilder MapUploadStreamsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("v1/streams").WithTags("Streaming");
        api.MapPost("", Start).WithSummary("Start an upload stream of PCM s16le 16 kHz mono; returns its uuid. 429 when you have too many open.")
            .ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("", (ClaimsPrincipal user, UploadStreams streams) => TypedResults.Ok(new UploadStreamList(streams.List(user.GetUserId()))))
            .WithSummary("Your open upload streams.");
        api.MapPost("{id}", Append).DisableAntiforgery().ProducesProblem(StatusCodes.Status413PayloadTooLarge).WithMetadata(new JsonBodyLimit(null))
            .WithSummary("Append a chunk: application/octet-stream body, or JSON {\"data\": base64}.");
        api.MapDelete("{id}", Delete).WithSummary("Drop an upload stream and its audio.");
        api.MapPost("{id}/finish", FinishAsync).WithSummary("Close the stream and keep its audio as an audio file (download with /v1/audio/download).");
        return app;
    }

    internal static Results<Ok<UploadStreamStarted>, ProblemHttpResult> Start(ClaimsPrincipal user, UploadStreams streams,
        IOptions<StreamingOptions> options) =>
        streams.Start(user.GetUserId()) switch
        {
            ({ } id, _) => TypedResults.Ok(new UploadStreamStarted(id)),
            (_, UploadStreamRefusal.UserLimit) => Problems.Problem(StatusCodes.Status429TooManyRequests, "Too many upload streams",
                $"You have {options.Value.MaxUploadStreamsPerUser} upload streams open, the most one user may; finish or delete one."),
            _ => Problems.Problem(StatusCodes.Status503ServiceUnavailable, "Server overloaded", "Too many upload streams are open; try again later."),
        };

    internal static async Task<Results<Ok<UploadStreamAppended>, ProblemHttpResult>> Append(string id, HttpRequest request, ClaimsPrincipal user,
        UploadStreams streams, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!Problems.TryParseId(id, out var uuid) || streams.Find(user.GetUserId(), uuid) is not { } stream)
            return Problems.NotFound($"No upload stream '{id}'.");
        var tooLarge = Problems.TooLarge($"A stream holds at most {streams.MaxBytes} bytes; it has {stream.Bytes}.");
        try
        {
            long? total;
            if (request.HasJsonContentType())
            {
                // base64 takes 4 bytes for 3; a body longer than the largest chunk that could still fit is refused unread
                var limit = (streams.MaxBytes - stream.Bytes) / 3 * 4 + 1024;
                if (await ReadAtMostAsync(request.Body, limit, cancellationToken) is not { } json)
                {
                    await DrainAsync(request.Body, cancellationToken);
                    return tooLarge;
                }
                byte[] chunk;
                try
                {
                    chunk = Convert.FromBase64String(JsonDocument.Parse(json).RootElement.GetProperty("data").GetString() ?? "");
                }
                catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
                {
                    return Problems.Problem(StatusCodes.Status400BadRequest, "Malformed request", "Send {\"data\": \"<base64 PCM>\"} or a binary body.");
                }
                using var bytes = new MemoryStream(chunk, writable: false);
                total = await stream.AppendAsync(bytes, streams.MaxBytes, clock.GetUtcNow(), cancellationToken);
            }
            else
            {
                total = await stream.AppendAsync(request.Body, streams.MaxBytes, clock.GetUtcNow(), cancellationToken);
            }
            if (total is { } t)
                return TypedResults.Ok(new UploadStreamAppended(uuid, t));
            await DrainAsync(request.Body, cancellationToken);
            return tooLarge;
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return tooLarge;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Problems.NotFound($"No upload stream '{id}'.");
        }
    }

    /// <summary>
    /// Reads and drops the rest of a refused body (up to Kestrel's own request limit), so an HTTP/1.1 client still sending
    /// it reads the 413 instead of a connection reset.
    /// </summary>
    private static async Task DrainAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        long drained = 0;
        while (drained < 64 * 1024 * 1024 && await body.ReadAsync(buffer, cancellationToken) is var read and > 0)
            drained += read;
    }

    private static async Task<byte[]?> ReadAtMostAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
                return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    internal static Results<Ok, ProblemHttpResult> Delete(string id, ClaimsPrincipal user, UploadStreams streams) =>
        Problems.TryParseId(id, out var uuid) && streams.Remove(user.GetUserId(), uuid)
            ? TypedResults.Ok()
            : Problems.NotFound($"No upload stream '{id}'.");

    private static async Task<Results<Ok<UploadStreamFinished>, ProblemHttpResult>> FinishAsync(string id, ClaimsPrincipal user, UploadStreams streams,
        StreamRecordings recordings, StorageQuota quota, CancellationToken cancellationToken)
    {
        var owner = user.GetUserId();
        if (!Problems.TryParseId(id, out var uuid) || streams.Find(owner, uuid) is not { } stream)
            return Problems.NotFound($"No upload stream '{id}'.");
        var bytes = stream.Bytes;
        if (bytes == 0 || bytes % 2 != 0)
            return Problems.Validation($"The stream holds {bytes} bytes; PCM s16le needs a whole, non-zero number of 2-byte samples.");
        var (reservation, overQuota) = quota.Reserve(owner, bytes + WavFile.HeaderSize);
        if (overQuota is not null)
            return Uploads.Problem(overQuota);
        using var held = reservation!;
        if (await streams.TakeAsync(owner, uuid, CancellationToken.None) is not { } wav)
            return Problems.NotFound($"No upload stream '{id}'.");
        try
        {
            var duration = bytes / 2 / (double)AudioBuffer.CanonicalSampleRate;
            var file = await recordings.SaveWavAsync(owner, wav, duration, $"upload-stream-{uuid:N}.wav", CancellationToken.None);
            return TypedResults.Ok(new UploadStreamFinished(uuid, file.Id, duration));
        }
        finally
        {
            stream.Discard();
        }
    }
}
