using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Earshot.Engines.Whisper;
using Earshot.Sdk.Models;
using Earshot.Server.Auth;
using Earshot.Server.Files;
using Earshot.Server.Jobs;
using Earshot.Server.Jobs.Pipelines;
using Earshot.Server.Entities;
using Earshot.Server.Models;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Apis;

/// <summary>
/// OpenAI-compatible POST /v1/audio/transcriptions, so existing clients work. The upload is stored like any other and
/// transcribed by an audio.process job; the route waits for it and answers in the requested format.
/// "whisper-1" (the name OpenAI clients send) means the first loaded Whisper model, else the first loaded speech recogniser.
/// </summary>
public static class TranscriptionsApi
{
    private static readonly string[] Formats = ["json", "text", "srt", "vtt", "verbose_json"];

    public static IEndpointRouteBuilder MapTranscriptionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("v1/audio/transcriptions", CreateTranscription)
            .WithTags("Audio").WithName(nameof(CreateTranscription))
            .WithSummary("OpenAI-compatible transcription: multipart file, model, response_format (json|text|srt|vtt|verbose_json), timestamp_granularities[].")
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> CreateTranscription(HttpRequest request, ClaimsPrincipal user, FileService files, IFileStore store,
        JobEngine engine, ModelRegistry models, IOptions<EarshotOptions> options, IOptions<JobOptions> jobOptions, CancellationToken cancellationToken)
    {
        var owner = user.GetUserId();
        return await Uploads.HandleAsync<IResult>(store, async temp =>
        {
            var (received, refused) = await MultipartFileReader.ReadAsync(request, ["file"], options.Value.MaxUploadBytes, temp, cancellationToken);
            if (received is not { } upload)
                return Uploads.Problem(refused!);
            string? Field(string name) => upload.Fields.TryGetValue(name, out var values) ? values[0] : null;

            var format = Field("response_format") ?? "json";
            if (!Formats.Contains(format))
                return Problems.Validation($"response_format must be one of {string.Join(", ", Formats)}.");
            var requested = Field("model");
            if (string.IsNullOrWhiteSpace(requested))
                return Problems.Validation("The 'model' field is required.");
            var model = models.Find<ISpeechRecognizer>(requested)
                ?? (requested == "whisper-1"
                    ? models.OfType<WhisperRecognizer>().FirstOrDefault() ?? models.OfType<ISpeechRecognizer>().FirstOrDefault()
                    : null);
            if (model is null)
                return Problems.NotFound($"No such audio model available. Available: {string.Join(", ", models.NamesOf<ISpeechRecognizer>())}.");

            var (file, rejection) = await files.IngestAsync(owner, FileKind.Audio, upload, cancellationToken);
            if (rejection is not null)
                return Uploads.Problem(rejection);
            var (job, error) = await engine.SubmitAsync(owner, AudioProcessPipeline.KindName, new AudioProcessingRequest(file!.Id, model.Info.Name), cancellationToken);
            if (error is not null)
                return JobsApi.ToProblem(error);
            var limits = jobOptions.Value;
            var done = await engine.WaitAsync(owner, job!.Id, limits.SyncTimeout, cancellationToken);
            if (!done.IsFinished)
            {
                // Nobody will collect the result: free the worker (or the queue place) for work someone still waits for.
                await engine.CancelAsync(owner, job.Id, CancellationToken.None);
                return Problems.Unavailable($"The transcription did not finish within {limits.SyncTimeout.TotalSeconds:0} s (the server is busy); "
                    + $"it was cancelled. Try again later, or queue it with POST /v1/audio/process/task and poll the result.", limits.RetryAfter);
            }
            if (done.Status != JobStatus.Succeeded)
                return Problems.Problem(StatusCodes.Status422UnprocessableEntity, "Transcription failed", done.Error ?? "The transcription job did not finish.");

            var result = JsonSerializer.Deserialize<AudioProcessingResult>(done.ResultJson!, JobJson.Options)!;
            var granularities = upload.Fields.GetValueOrDefault("timestamp_granularities[]") ?? ["segment"];
            return Format(result, format, file.DurationSeconds ?? 0, Field("language"), granularities.Contains("word"));
        }, problem => problem);
    }

    private static IResult Format(AudioProcessingResult result, string format, double duration, string? language, bool words) => format switch
    {
        "text" => Results.Text(result.Text + "\n", "text/plain"),
        "srt" => Results.Text(Subtitles(result, vtt: false), "application/x-subrip"),
        "vtt" => Results.Text(Subtitles(result, vtt: true), "text/vtt"),
        "verbose_json" => Results.Json(new
        {
            task = "transcribe",
            language = language ?? "english",
            duration,
            text = result.Text,
            segments = result.Segments.Select((s, i) => new
            {
                id = i, seek = 0, start = s.Start, end = s.End, text = s.Text, tokens = Array.Empty<int>(), temperature = 0.0,
                avg_logprob = Math.Log(Math.Max(1e-6, MeanConfidence(result, s))), compression_ratio = 1.0, no_speech_prob = 0.0,
            }),
            words = words ? result.Words.Select(w => new { word = w.Word, start = w.Start, end = w.End, probability = w.Conf }) : null,
        }, new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull }),
        _ => Results.Json(new { text = result.Text }),
    };

    private static double MeanConfidence(AudioProcessingResult result, AudioSegment segment)
    {
        var inside = result.Words.Where(w => w.Start >= segment.Start && w.End <= segment.End + 0.01).Select(w => w.Conf).ToList();
        return inside.Count == 0 ? 1 : inside.Average();
    }

    private static string Subtitles(AudioProcessingResult result, bool vtt)
    {
        var text = new StringBuilder(vtt ? "WEBVTT\n\n" : "");
        foreach (var (segment, index) in result.Segments.Select((s, i) => (s, i)))
        {
            if (!vtt)
                text.Append(CultureInfo.InvariantCulture, $"{index + 1}\n");
            text.Append(CultureInfo.InvariantCulture, $"{Timestamp(segment.Start, vtt)} --> {Timestamp(segment.End, vtt)}\n{segment.Text}\n\n");
        }
        return text.ToString();
    }

    private static string Timestamp(double seconds, bool vtt)
    {
        var t = TimeSpan.FromSeconds(seconds);
        return $"{(int)t.TotalHours:00}:{t.Minutes:00}:{t.Seconds:00}{(vtt ? '.' : ',')}{t.Milliseconds:000}";
    }
}
