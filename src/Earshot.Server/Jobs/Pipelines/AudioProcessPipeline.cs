using Earshot.Sdk;
using Earshot.Sdk.Models;
using Earshot.Server.Files;
using Earshot.Server.Entities;
using Earshot.Server.Models;

namespace Earshot.Server.Jobs.Pipelines;

public sealed record AudioProcessingRequest(Guid AudioFile, string AudioModel);
public sealed record AudioSegment(double Start, double End, string Text, Guid File);
public sealed record WordTiming(string Word, double Start, double End, double Conf);
public sealed record AudioProcessingResult(string Text, IReadOnlyList<AudioSegment> Segments, IReadOnlyList<WordTiming> Words, string Model, string ModelVersion);

/// <summary>Speech to text: the transcript, its segments (each cut into its own downloadable file) and word timings.</summary>
public sealed class AudioProcessPipeline(FileService files, ModelRegistry models, AudioClips clips) : JobPipeline<AudioProcessingRequest, AudioProcessingResult>
{
    public const string KindName = "audio.process";
    public override string Kind => KindName;

    public override Task<JobRequestError?> ValidateAsync(AudioProcessingRequest request, Guid ownerId, CancellationToken cancellationToken) =>
        ValidateAudioAndModelAsync(files, models, ownerId, request.AudioFile, request.AudioModel, cancellationToken);

    public override async Task<AudioProcessingResult> RunAsync(AudioProcessingRequest request, JobContext context, CancellationToken cancellationToken)
    {
        var model = RequireModel(models, request.AudioModel);
        var wav = await clips.OpenAsync(context.OwnerId, request.AudioFile, cancellationToken);
        await context.ReportProgressAsync(5, cancellationToken);

        var transcript = await clips.TranscribeAsync(model, wav, new TranscribeOptions(), cancellationToken);
        await context.ReportProgressAsync(80, cancellationToken);

        var segmentFiles = await clips.StoreAsync(context.OwnerId, wav, transcript.Segments.Select(s => new TimeSpan2(s.Start, s.End)).ToList(), cancellationToken);
        return new AudioProcessingResult(transcript.Text,
            transcript.Segments.Select((s, i) => new AudioSegment(Round(s.Start), Round(s.End), s.Text, segmentFiles[i])).ToList(),
            transcript.Words.Select(ToTiming).ToList(), model.Info.Name, model.Info.Version);
    }

    internal static WordTiming ToTiming(RecognizedWord w) => new(w.Word, Round(w.Start), Round(w.End), Math.Round(w.Confidence, 4));

    internal static double Round(double seconds) => Math.Round(seconds, 3);

    internal static async Task<JobRequestError?> ValidateAudioAndModelAsync(FileService files, ModelRegistry models, Guid ownerId, Guid audioFile,
        string? modelName, CancellationToken cancellationToken)
    {
        return await files.FindAsync(ownerId, audioFile, FileKind.Audio, cancellationToken) is null ? NoAudioFile() : ValidateModel(models, modelName);
    }

    internal static JobRequestError NoAudioFile() => JobRequestError.NotFound("No such audio file available");

    internal static JobRequestError? ValidateModel(ModelRegistry models, string? modelName) =>
        models.Find<ISpeechRecognizer>(modelName) is null
            ? JobRequestError.NotFound($"No such audio model available. Available: {string.Join(", ", models.NamesOf<ISpeechRecognizer>())}.")
            : null;

    internal static ISpeechRecognizer RequireModel(ModelRegistry models, string name) =>
        models.Find<ISpeechRecognizer>(name) ?? throw new JobFailedException($"The audio model '{name}' is no longer loaded.");
}
