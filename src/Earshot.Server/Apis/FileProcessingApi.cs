using System.ComponentModel;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Earshot.Audio;
using Earshot.Server.Analytics;
using Earshot.Server.Auth;
using Earshot.Server.Files;
using Earshot.Server.Infrastructure;
using Earshot.Server.Jobs;
using Earshot.Server.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Apis;

public sealed record FileProcessingCreated(Guid Id);
public sealed record FileProcessingResult(JsonElement Result);
public sealed record UrlBody(string? Url);

/// <summary>
/// Seed 004's file processing routes, a thin alias over the <c>audio.analytics</c> job kind: the query string carries the
/// parameters, the body either a JSON <c>{"url": …}</c> or the audio itself.
/// </summary>
public static class FileProcessingApi
{
    public static IEndpointRouteBuilder MapFileProcessingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("file-processing/jobs").WithTags("Audio analytics");
        api.MapPost("", CreateAnalyticsJob).WithName(nameof(CreateAnalyticsJob))
            .WithSummary("Start speech / gender / arousal / emotion analysis of audio given by URL (JSON body) or as the body itself.")
            .Accepts<UrlBody>("application/json", "audio/wav", "audio/flac", "audio/mpeg", "application/octet-stream");
        api.MapGet("{id}", GetAnalyticsJob).WithName(nameof(GetAnalyticsJob))
            .WithSummary("State of an analysis job: new, processing, done or error, with its configuration and callback deliveries.");
        api.MapGet("{id}/results", GetAnalyticsResults).WithName(nameof(GetAnalyticsResults))
            .WithSummary("Time series, summary and transitions per channel of a finished analysis job.");

        app.MapGet("/.well-known/jwks.json", (RequestSigner signer) => TypedResults.Ok(new { keys = new[] { signer.PublicJwk } }))
            .WithName("GetRequestSigningKeys").WithTags("Audio analytics").AllowAnonymous()
            .WithSummary("Public keys (ES512) that verify the X-Earshot-Request-Verification header of downloads and callbacks.");
        return app;
    }

    private static async Task<Results<Ok<FileProcessingCreated>, ProblemHttpResult>> CreateAnalyticsJob(HttpRequest http, ClaimsPrincipal user,
        JobEngine engine, IFileStore store, Ffmpeg ffmpeg, IOptions<AnalyticsOptions> options, IOptions<EarshotOptions> earshot,
        [Description("Comma-separated: speech, gender, arousal, emotions")] string? models,
        [Description("Milliseconds per output step, a multiple of 64 (default 1024)")] string? output_period,
        [Description("Only this channel (0-based); every channel when absent")] string? channel,
        string? include_summary, string? include_transitions, string? include_raw_values,
        [Description("Steps whose RMS level (fraction of full scale) is below this are silence (default 0.001)")] string? volume_threshold,
        [Description("URL that receives a POST of the job's state when it ends")] string? callback,
        CancellationToken cancellationToken)
    {
        var (request, problem) = ParseQuery(models, output_period, channel, include_summary, include_transitions, include_raw_values, volume_threshold, callback);
        if (problem is not null)
            return Problems.Validation(problem);
        if (AnalyticsRequestRules.Check(request!, options.Value) is { } invalid)
            return Problems.Validation(invalid);

        var owner = user.GetUserId();
        string? uploadKey = null;
        if (http.HasJsonContentType())
        {
            UrlBody? body;
            try
            {
                body = await http.ReadFromJsonAsync<UrlBody>(JobJson.Options, cancellationToken);
            }
            catch (JsonException ex)
            {
                return Problems.Validation($"The JSON body must be {{\"url\": \"…\"}}: {ex.Message}");
            }
            if (string.IsNullOrWhiteSpace(body?.Url))
                return Problems.Validation("The JSON body must be {\"url\": \"…\"} with the audio's URL.");
            request = request! with { Url = body.Url };
        }
        else
        {
            var (key, uploadProblem) = await StoreUploadAsync(http, owner, request!.Channel, store, ffmpeg, options.Value, earshot.Value, cancellationToken);
            if (uploadProblem is not null)
                return uploadProblem;
            uploadKey = key;
            request = request with { UploadKey = key };
        }

        var (job, error) = await engine.SubmitAsync(owner, AudioAnalyticsPipeline.KindName, request, cancellationToken);
        if (error is not null)
        {
            if (uploadKey is not null)
                await store.DeletePrefixAsync(uploadKey, CancellationToken.None);
            return JobsApi.ToProblem(error);
        }
        return TypedResults.Ok(new FileProcessingCreated(job!.Id));
    }

    private static async Task<Results<Ok<AnalyticsJobView>, ProblemHttpResult>> GetAnalyticsJob(string id, ClaimsPrincipal user, JobEngine engine,
        CallbackDeliveries deliveries, IOptions<AnalyticsOptions> options, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, user, engine, cancellationToken) is not { } job)
            return Problems.NotFound("No such file processing job.");
        return TypedResults.Ok(AnalyticsJobView.From(job, options.Value, await deliveries.ListAsync(job.OwnerId, job.Id, cancellationToken)));
    }

    private static async Task<Results<Ok<FileProcessingResult>, ProblemHttpResult>> GetAnalyticsResults(string id, ClaimsPrincipal user,
        JobEngine engine, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, user, engine, cancellationToken) is not { } job)
            return Problems.NotFound("No such file processing job.");
        return job.Status switch
        {
            JobStatus.Succeeded => TypedResults.Ok(new FileProcessingResult(JsonDocument.Parse(job.ResultJson!).RootElement.Clone())),
            JobStatus.Failed => Problems.Conflict($"The job ended in error: {job.Error}"),
            JobStatus.Cancelled => Problems.Conflict("The job was cancelled; it has no result."),
            _ => Problems.Conflict($"The job is not done yet ({job.Progress}%)."),
        };
    }

    private static async Task<Job?> FindAsync(string id, ClaimsPrincipal user, JobEngine engine, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var jobId) && await engine.FindAsync(user.GetUserId(), jobId, cancellationToken) is { Kind: AudioAnalyticsPipeline.KindName } job
            ? job
            : null;

    private static (AudioAnalyticsRequest?, string?) ParseQuery(string? models, string? period, string? channel, string? summary,
        string? transitions, string? raw, string? threshold, string? callback)
    {
        var request = new AudioAnalyticsRequest(Callback: string.IsNullOrWhiteSpace(callback) ? null : callback);
        if (!string.IsNullOrWhiteSpace(models))
            request = request with { Models = models.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToArray() };
        if (period is not null)
        {
            if (!int.TryParse(period, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                return (null, $"output_period must be a whole number of milliseconds, a multiple of 64, not '{period}'.");
            request = request with { OutputPeriod = value };
        }
        if (channel is not null)
        {
            if (!int.TryParse(channel, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < 0)
                return (null, $"channel must be a channel number (0, 1, …), not '{channel}'.");
            request = request with { Channel = value };
        }
        if (threshold is not null)
        {
            if (!double.TryParse(threshold, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                return (null, $"volume_threshold must be a number, not '{threshold}'.");
            request = request with { VolumeThreshold = value };
        }
        foreach (var (name, text) in new[] { ("include_summary", summary), ("include_transitions", transitions), ("include_raw_values", raw) })
        {
            if (text is not null && !bool.TryParse(text, out _) && text is not ("0" or "1"))
                return (null, $"{name} must be true or false, not '{text}'.");
        }
        return (request with
        {
            IncludeSummary = Flag(summary),
            IncludeTransitions = Flag(transitions),
            IncludeRawValues = Flag(raw),
        }, null);
    }

    private static bool Flag(string? text) => text is "1" || bool.TryParse(text, out var value) && value;

    /// <summary>Streams the body into the store with the size cap applied as it arrives, then checks it is audio with the channel asked for.</summary>
    private static async Task<(string?, ProblemHttpResult?)> StoreUploadAsync(HttpRequest http, Guid owner, int? channel, IFileStore store, Ffmpeg ffmpeg,
        AnalyticsOptions options, EarshotOptions earshot, CancellationToken cancellationToken)
    {
        var limit = options.MaxUploadBytes;
        if (http.ContentLength > limit)
            return (null, Problems.TooLarge($"The audio is {http.ContentLength} bytes; uploads are limited to {limit} bytes. Give a URL for larger files."));
        var temp = store.CreateTempDirectory();
        try
        {
            var path = Path.Combine(temp, "audio");
            long total = 0;
            await using (var file = File.Create(path))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await http.Body.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    total += read;
                    if (total > limit)
                        return (null, Problems.TooLarge($"The audio exceeds the {limit} byte upload limit. Give a URL for larger files."));
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }
            if (total == 0)
                return (null, Problems.Validation("The body is empty: send the audio, or JSON {\"url\": \"…\"} with Content-Type application/json."));
            AudioProbe probe;
            try
            {
                probe = await ffmpeg.ProbeAsync(path, cancellationToken);
            }
            catch (MediaException ex)
            {
                return (null, Problems.Validation($"The body is not audio: {ex.Message}"));
            }
            if (channel >= probe.Channels)
                return (null, Problems.Validation($"channel {channel} is out of range: the audio has {probe.Channels} channel(s)."));
            if (probe.DurationSeconds > earshot.MaxAudioSeconds)
                return (null, Problems.TooLarge($"The audio lasts {probe.DurationSeconds:0} s; at most {earshot.MaxAudioSeconds:0} s is accepted."));
            var key = $"{owner}/analytics/{Guid.NewGuid():N}";
            await store.PutAsync(key + "/audio", path, cancellationToken);
            return (key + "/audio", null);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }
}
