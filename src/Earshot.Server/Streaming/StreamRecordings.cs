using System.Text.Json;
using Earshot.Audio;
using Earshot.Sdk;
using Earshot.Sdk.Models;
using Earshot.Server.Files;
using Earshot.Server.Infrastructure;
using Earshot.Server.Jobs;
using Earshot.Server.Entities;
using Earshot.Server.Models;
using Earshot.Server.Recordings;
using Earshot.Text.Sentiment;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Streaming;

/// <param name="Format">"pcm" (raw s16le at <paramref name="SampleRate"/>) or a compressed container decoded by ffmpeg (<see cref="CompressedStreamInput.Formats"/>).</param>
public sealed record StreamTranscriptRequest(string Model, int SampleRate, bool Words, IReadOnlyList<string> PhraseList, string Format = StreamTranscriptRequest.Pcm)
{
    public const string Pcm = "pcm";
}

public sealed record StreamUtterance(string Text, double Start, double End, IReadOnlyList<VoskWord> Words);

/// <param name="Ended">How the stream ended (<see cref="StreamEndings"/>): "eof", or why it was cut short.</param>
public sealed record StreamTranscriptResult(Guid FileId, double DurationSeconds, string Text, IReadOnlyList<StreamUtterance> Utterances, string Ended);

/// <summary>
/// Keeps each stream that received audio, whether it ended with eof or not, in one database transaction: the audio
/// (16 kHz WAV) as a stored audio file, its transcript as a succeeded job of kind "stream.transcript", and a succeeded
/// recording (GET /v1/recordings) analysed from the words recognised live, with the config's phrase_list as its keywords.
/// Changing that recording's keywords later re-runs the full analysis on the saved audio.
/// </summary>
public sealed class StreamRecordings(EarshotDb db, IFileStore store, ModelRegistry models, IOptions<RecordingOptions> recordingSettings)
{
    public const string JobKind = "stream.transcript";

    /// <param name="wavPath">The stream's complete 16 kHz WAV; it is moved into the file store.</param>
    public async Task<(StoredFile File, Job Job)> SaveAsync(Guid ownerId, string wavPath, double durationSeconds, IReadOnlyList<Transcript> utterances,
        StreamTranscriptRequest request, DateTime startedAt, string ended, CancellationToken cancellationToken)
    {
        var file = await StoreWavAsync(ownerId, wavPath, durationSeconds, $"stream-{startedAt:yyyyMMdd-HHmmss}.wav", cancellationToken);
        var spoken = utterances.Where(u => u.Words.Count > 0).ToList();
        var result = new StreamTranscriptResult(file.Id, durationSeconds, string.Join(' ', spoken.Select(u => u.Text)),
            spoken.Select(u => new StreamUtterance(u.Text, u.Words[0].Start, u.Words[^1].End, u.Words.Select(VoskMessages.ToVosk).ToList())).ToList(),
            ended);
        var now = DateTime.UtcNow;
        var job = new Job
        {
            OwnerId = ownerId, Kind = JobKind, Status = JobStatus.Succeeded, Progress = 100, Attempts = 1,
            RequestJson = JsonSerializer.Serialize(request, JobJson.Options), ResultJson = JsonSerializer.Serialize(result, JobJson.Options),
            CreatedAt = startedAt, StartedAt = startedAt, FinishedAt = now,
        };
        db.Jobs.Add(job);
        db.Recordings.Add(ToRecording(ownerId, file, job, spoken, request, durationSeconds));
        await db.SaveChangesAsync(cancellationToken);
        return (file, job);
    }

    private Recording ToRecording(Guid ownerId, StoredFile file, Job job, IReadOnlyList<Transcript> spoken, StreamTranscriptRequest request,
        double duration)
    {
        var settings = recordingSettings.Value;
        var keywords = request.PhraseList.Select(p => p?.Trim()).Where(p => KeywordMatcher.Problem(p, settings.MaxKeywordLength) is null)
            .Select(p => p!).DistinctBy(KeywordMatcher.Normalize).Take(settings.MaxKeywords).ToList();
        var vader = models.FindVader();
        var model = models.Find<ISpeechRecognizer>(request.Model)?.Info
            ?? new ModelInfo(request.Model, ModelKind.SpeechRecognizer, [], "", "");
        var spec = new AnalysisSpec(keywords, Timestamps: true, Sentiment: vader is not null, settings.ChunkSeconds);
        var heard = new HeardSpeech(duration, [.. spoken.SelectMany(u => u.Words)], [.. spoken.SelectMany(u => u.Segments)],
            [new AnalysedChunk(0, Math.Round(duration, 3))], model, [], [], AcousticModel: null);
        var analysis = RecordingAnalyzer.Summarize(heard, spec, vader);
        return new Recording
        {
            OwnerId = ownerId, Name = Path.GetFileNameWithoutExtension(file.OriginalName), AudioFileId = file.Id, Keywords = keywords,
            Timestamps = spec.Timestamps, Sentiment = spec.Sentiment, Model = model.Name, ChunkSeconds = spec.ChunkSeconds,
            Status = RecordingStatus.Succeeded, CurrentJobId = job.Id, ResultJson = JsonSerializer.Serialize(analysis, JobJson.Options),
            ResultModel = analysis.Model, ResultModelVersion = analysis.ModelVersion, CreatedAt = job.CreatedAt, UpdatedAt = job.FinishedAt ?? DateTime.UtcNow,
        };
    }

    /// <summary>Moves a 16 kHz mono WAV into the store as an audio file (added to the database with the caller's SaveChanges).</summary>
    private async Task<StoredFile> StoreWavAsync(Guid ownerId, string wav, double durationSeconds, string name, CancellationToken cancellationToken)
    {
        var file = FileService.CanonicalWav(ownerId, name, new FileInfo(wav).Length, durationSeconds, AudioBuffer.CanonicalSampleRate);
        await store.PutAsync(file.CanonicalKey, wav, cancellationToken);
        db.Files.Add(file);
        return file;
    }

    /// <summary>Moves an upload stream's finished WAV into the store as an audio file.</summary>
    public async Task<StoredFile> SaveWavAsync(Guid ownerId, string wavPath, double durationSeconds, string name, CancellationToken cancellationToken)
    {
        var file = await StoreWavAsync(ownerId, wavPath, durationSeconds, name, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return file;
    }}
