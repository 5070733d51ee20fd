using System.Security.Claims;
using Earshot.Server.Activity;
using Earshot.Server.Auth;
using Earshot.Server.Files;
using Earshot.Server.Streaming;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Apis;

/// <summary>Live transcription over WebSocket in the Vosk server protocol (GET /v1/stream).</summary>
public static class StreamApi
{
    public static IEndpointRouteBuilder MapStreamApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("v1/stream", HandleAsync)
            .WithTags("Streaming")
            .WithName("Stream")
            .WithSummary("WebSocket: optional {\"config\": {\"sample_rate\", \"words\", \"phrase_list\", \"model\"}}, then binary PCM s16le mono, then {\"eof\": 1}. "
                + "Replies {\"partial\"} per audio message and {\"result\", \"text\"} per utterance; the final result carries file_id and job_id of the saved recording "
                + "(job kind stream.transcript); a stream that ends without eof is kept too when it carried audio, with result.ended saying how it ended. "
                + "Close codes: 1013 overloaded (all streams taken, your own Streaming:MaxStreamsPerUser taken, or open streams behind real time; the reason says which), 1007 bad data, 1008 idle, 1009 too big (longer than Streaming:MaxStreamSeconds, or past your storage quota: what was received is kept), 1011 decoder failure.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext context, ClaimsPrincipal user, StreamAdmission admission, StreamRecognizers recognizers,
        IOptions<StreamingOptions> options, IFileStore store, StorageQuota quota, IServiceScopeFactory scopes, ILogger<StreamSession> logger)
    {
        if (!context.WebSockets.IsWebSocketRequest)
            return Problems.Problem(StatusCodes.Status400BadRequest, "WebSocket required", "Connect to /v1/stream with a WebSocket upgrade.");
        var owner = user.GetUserId();
        using var handling = admission.BeginHandling();
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var aborted = context.RequestAborted;

        var (slot, refusal) = admission.TryEnter(owner);
        using var session = new StreamSession(socket, options.Value, recognizers,
            (wav, seconds, utterances, request, startedAt, ended) => SaveAsync(scopes, owner, wav, seconds, utterances, request, startedAt, ended),
            store.CreateTempDirectory(), slot?.Lag, quota.Reserve(owner, 0).Reservation);
        if (slot is null)
        {
            StreamLog.Rejected(logger, refusal!);
            await session.CloseAsync(StreamCloseCodes.TryAgainLater, VoskMessages.Error(refusal!), aborted);
            return Results.Empty;
        }
        try
        {
            await session.RunAsync(aborted);
        }
        finally
        {
            slot.Dispose(); // the decoder is back in its pool too: a new stream may start while this one is saved
        }
        try
        {
            await session.KeepUnfinishedAsync();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            StreamLog.NotKept(logger, ex);
        }
        return Results.Empty;
    }

    private static async Task<(Guid, Guid)> SaveAsync(IServiceScopeFactory scopes, Guid owner, string wav, double seconds,
        IReadOnlyList<Sdk.Transcript> utterances, StreamTranscriptRequest request, DateTime startedAt, string ended)
    {
        // Not the request's token: a stream whose client vanished is still kept.
        await using var scope = scopes.CreateAsyncScope();
        var (file, job) = await scope.ServiceProvider.GetRequiredService<StreamRecordings>()
            .SaveAsync(owner, wav, seconds, utterances, request, startedAt, ended, CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<ActivityLog>()
            .RecordAsync("stream.finish", ended == StreamEndings.Eof ? "ok" : ended, owner, target: file.Id.ToString(), cancellationToken: CancellationToken.None);
        return (file.Id, job.Id);
    }
}

internal static partial class StreamLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Stream rejected: {Reason}")]
    public static partial void Rejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Error, Message = "A stream that ended without eof could not be kept")]
    public static partial void NotKept(ILogger logger, Exception exception);
}
