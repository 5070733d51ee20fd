using System.Runtime.InteropServices;
using System.Security.Claims;
using System.Text.Json;
using Earshot.Sdk.Models;
using Earshot.Server.Auth;
using Earshot.Server.Streaming;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Earshot.Server.Apis;

public sealed record UploadStreamStarted(Guid Uuid);
public sealed record UploadStreamList(IReadOnlyList<Guid> Streams);
public sealed record UploadStreamAppended(Guid Uuid, long Bytes);
public sealed record UploadStreamFinished(Guid Uuid, Guid FileId, double DurationSeconds);

/// <summary>HTTP upload streams in the seed shape: start, append chunks (binary body or {"data": base64}), list, delete, finish into an audio file.</summary>
public static class UploadStreamsApi
{
    public static IEndpointRouteBuilder MapUploadStreamsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("v1/streams").WithTags("Streaming");
        api.MapPost("", Start).WithSummary("Start an upload stream of PCM s16le 16 kHz mono; returns its uuid.");
        api.MapGet("", (ClaimsPrincipal user, UploadStreams streams) => TypedResults.Ok(new UploadStreamList(streams.List(user.GetUserId()))))
            .WithSummary("Your open upload streams.");
        api.MapPost("{id}", Append).DisableAntiforgery()
            .WithSummary("Append a chunk: application/octet-stream body, or JSON {\"data\": base64}.");
        api.MapDelete("{id}", Delete).WithSummary("Drop an upload stream and its audio.");
        api.MapPost("{id}/finish", FinishAsync).WithSummary("Close the stream and keep its audio as an audio file (download with /v1/audio/download).");
        return app;
    }

    internal static Results<Ok<UploadStreamStarted>, ProblemHttpResult> Start(ClaimsPrincipal user, UploadStreams streams) =>
        streams.Start(user.GetUserId()) is { } id
            ? TypedResults.Ok(new UploadStreamStarted(id))
            : Problems.Problem(StatusCodes.Status503ServiceUnavailable, "Server overloaded", "Too many upload streams are open; finish or delete some.");

    internal static async Task<Results<Ok<UploadStreamAppended>, ProblemHttpResult>> Append(string id, HttpRequest request, ClaimsPrincipal user,
        UploadStreams streams, CancellationToken cancellationToken)
    {
        if (!Problems.TryParseId(id, out var uuid) || streams.Find(user.GetUserId(), uuid) is not { } stream)
            return Problems.NotFound($"No upload stream '{id}'.");
        byte[] chunk;
        using (var body = new MemoryStream())
        {
            await request.Body.CopyToAsync(body, cancellationToken);
            if (body.Length > streams.MaxBytes)
                return Problems.TooLarge($"A stream holds at most {streams.MaxBytes} bytes.");
            chunk = body.ToArray();
        }
        if (request.HasJsonContentType())
        {
            try
            {
                var data = JsonDocument.Parse(chunk).RootElement.GetProperty("data").GetString();
                chunk = Convert.FromBase64String(data ?? "");
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                return Problems.Problem(StatusCodes.Status400BadRequest, "Malformed request", "Send {\"data\": \"<base64 PCM>\"} or a binary body.");
            }
        }
        return stream.TryAppend(chunk, streams.MaxBytes, out var total)
            ? TypedResults.Ok(new UploadStreamAppended(uuid, total))
            : Problems.TooLarge($"A stream holds at most {streams.MaxBytes} bytes; it has {total}.");
    }

    internal static Results<Ok, ProblemHttpResult> Delete(string id, ClaimsPrincipal user, UploadStreams streams) =>
        Problems.TryParseId(id, out var uuid) && streams.Remove(user.GetUserId(), uuid)
            ? TypedResults.Ok()
            : Problems.NotFound($"No upload stream '{id}'.");

    private static async Task<Results<Ok<UploadStreamFinished>, ProblemHttpResult>> FinishAsync(string id, ClaimsPrincipal user, UploadStreams streams,
        StreamRecordings recordings, CancellationToken cancellationToken)
    {
        var owner = user.GetUserId();
        if (!Problems.TryParseId(id, out var uuid) || streams.Find(owner, uuid) is not { } stream)
            return Problems.NotFound($"No upload stream '{id}'.");
        var bytes = stream.Snapshot();
        if (bytes.Length == 0 || bytes.Length % 2 != 0)
            return Problems.Validation($"The stream holds {bytes.Length} bytes; PCM s16le needs a whole, non-zero number of 2-byte samples.");
        if (!streams.Remove(owner, uuid))
            return Problems.NotFound($"No upload stream '{id}'.");
        var audio = new AudioBuffer(MemoryMarshal.Cast<byte, short>(bytes).ToArray());
        var file = await recordings.SaveAudioAsync(owner, audio, $"upload-stream-{uuid:N}.wav", cancellationToken);
        return TypedResults.Ok(new UploadStreamFinished(uuid, file.Id, audio.DurationSeconds));
    }
}
