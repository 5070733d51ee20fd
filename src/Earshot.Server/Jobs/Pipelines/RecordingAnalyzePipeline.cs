using System.Text.Json;
using Earshot.Engines.PocketSphinx;
using Earshot.Sdk.Models;
using Earshot.Server.Files;
using Earshot.Server.Infrastructure;
using Earshot.Server.Entities;
using Earshot.Server.Models;
using Earshot.Server.Recordings;
using Earshot.Text.Sentiment;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Jobs.Pipelines;

public sealed record RecordingAnalysisRequest(Guid Recording, Guid AudioFile, string Model, IReadOnlyList<string> Keywords, bool Timestamps,
    bool Sentiment, double ChunkSeconds);

/// <summary>What the job itself keeps; the full analysis lives on the recording.</summary>
public sealed record RecordingAnalysisSummary(Guid Recording, int Words, int KeywordHits, int Chunks, double Duration);

/// <summary>
/// Analyses a recording (<see cref="RecordingAnalyzer"/>) and stores the whole result on it in one update, only while this
/// job is still the recording's current one. A failure marks the recording failed with the job's error and no result.
/// </summary>
public sealed class RecordingAnalyzePipeline(EarshotDb db, FileService files, IFileStore store, ModelRegistry models, IOptions<RecordingOptions> settings)
    : JobPipeline<RecordingAnalysisRequest, RecordingAnalysisSummary>
{
    public const string KindName = "recording.analyze";
    public override string Kind => KindName;

    public override async Task<JobRequestError?> ValidateAsync(RecordingAnalysisRequest request, Guid ownerId, CancellationToken cancellationToken)
    {
        if (!await db.Recordings.AnyAsync(r => r.Id == request.Recording && r.OwnerId == ownerId && r.AudioFileId == request.AudioFile, cancellationToken))
            return JobRequestError.NotFound("No such recording with that audio file.");
        if (request.Keywords is null || !(request.ChunkSeconds >= settings.Value.MinChunkSeconds && request.ChunkSeconds <= settings.Value.MaxChunkSeconds))
            return JobRequestError.Invalid("keywords must be a list and chunk_seconds within the configured limits.");
        return await AudioProcessPipeline.ValidateAudioAndModelAsync(files, models, ownerId, request.AudioFile, request.Model, cancellationToken);
    }

    public override async Task<RecordingAnalysisSummary> RunAsync(RecordingAnalysisRequest request, JobContext context, CancellationToken cancellationToken)
    {
        if (!await ClaimAsync(request.Recording, context.JobId, cancellationToken))
            throw new JobFailedException("The recording was deleted or re-analysed before this job ran.");
        try
        {
            var analysis = await AnalyzeAsync(request, context, cancellationToken);
            var json = JsonSerializer.Serialize(analysis, JobJson.Options);
            var now = DateTime.UtcNow;
            var stored = await db.Recordings.Where(r => r.Id == request.Recording && r.CurrentJobId == context.JobId)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, RecordingStatus.Succeeded)
                    .SetProperty(r => r.ResultJson, json)
                    .SetProperty(r => r.ResultModel, analysis.Model)
                    .SetProperty(r => r.ResultModelVersion, analysis.ModelVersion)
                    .SetProperty(r => r.Error, (string?)null)
                    .SetProperty(r => r.UpdatedAt, now), CancellationToken.None);
            if (stored == 0)
                throw new JobFailedException("The recording was deleted or re-analysed while this job ran; its result was discarded.");
            return new RecordingAnalysisSummary(request.Recording, analysis.Words?.Count ?? 0, analysis.KeywordHits.Count, analysis.Chunks.Count, analysis.Duration);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var message = ex is JobFailedException ? ex.Message : $"Internal error ({ex.GetType().Name}): {ex.Message}";
            await MarkFailedAsync(request.Recording, context.JobId, message);
            throw;
        }
    }

    private async Task<RecordingAnalysis> AnalyzeAsync(RecordingAnalysisRequest request, JobContext context, CancellationToken cancellationToken)
    {
        var model = AudioProcessPipeline.RequireModel(models, request.Model);
        var file = await files.FindAsync(context.OwnerId, request.AudioFile, FileKind.Audio, cancellationToken)
            ?? throw new JobFailedException("The audio file of this recording was deleted.");
        if (!store.Exists(file.CanonicalKey))
            throw new JobFailedException("The audio of this recording is missing from the file store.");

        var spotter = model as PocketSphinxRecognizer ?? models.OfType<PocketSphinxRecognizer>().FirstOrDefault();
        var vader = models.FindVader();
        if (request.Sentiment && vader is null)
            throw new JobFailedException("Sentiment needs the 'vader' analyzer, which is not loaded.");
        var analyzer = new RecordingAnalyzer(model, spotter, vader, settings.Value.AcousticThreshold, settings.Value.AcousticCalibration);
        await context.ReportProgressAsync(2, cancellationToken);
        return await analyzer.AnalyzeAsync(store.GetLocalPath(file.CanonicalKey),
            new AnalysisSpec(request.Keywords, request.Timestamps, request.Sentiment, request.ChunkSeconds),
            (done, total) => context.ReportProgressAsync(2 + 96 * done / total, cancellationToken), cancellationToken);
    }

    /// <summary>Marks the recording as being processed by this job, unless a newer job has taken it over.</summary>
    private async Task<bool> ClaimAsync(Guid recordingId, Guid jobId, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        return await db.Recordings.Where(r => r.Id == recordingId && (r.CurrentJobId == jobId || r.CurrentJobId == null))
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, RecordingStatus.Processing)
                .SetProperty(r => r.CurrentJobId, jobId)
                .SetProperty(r => r.UpdatedAt, now), cancellationToken) > 0;
    }

    private async Task MarkFailedAsync(Guid recordingId, Guid jobId, string error)
    {
        var now = DateTime.UtcNow;
        await db.Recordings.Where(r => r.Id == recordingId && r.CurrentJobId == jobId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, RecordingStatus.Failed)
                .SetProperty(r => r.Error, error)
                .SetProperty(r => r.ResultJson, (string?)null)
                .SetProperty(r => r.ResultModel, (string?)null)
                .SetProperty(r => r.ResultModelVersion, (string?)null)
                .SetProperty(r => r.UpdatedAt, now), CancellationToken.None);
    }
}
