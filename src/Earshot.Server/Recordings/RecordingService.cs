using Earshot.Sdk.Models;
using Earshot.Server.Files;
using Earshot.Server.Infrastructure;
using Earshot.Server.Jobs;
using Earshot.Server.Jobs.Pipelines;
using Earshot.Server.Entities;
using Earshot.Server.Models;
using Earshot.Text.Sentiment;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Recordings;

/// <summary>Filters and paging of <see cref="RecordingService.ListAsync"/>; <c>To</c> is exclusive.</summary>
public sealed record RecordingQuery(string? NameContains, DateTime? From, DateTime? To, int Page, int PageSize);

/// <summary>
/// Recordings of a user: create one from a stored audio file, change it (a changed analysis runs as a new
/// "recording.analyze" job), read and delete it. Every input is checked before anything is written.
/// </summary>
public sealed class RecordingService(EarshotDb db, JobEngine engine, FileService files, ModelRegistry models, IOptions<RecordingOptions> settings)
{
    public const int MaxNameLength = 255;

    /// <summary>
    /// Creates a recording of an audio file the owner already has and queues its analysis.
    /// <paramref name="name"/> may be empty: the file's name is used then.
    /// </summary>
    /// <returns>The recording and its job, or why it was refused: bad options (422), an unknown file or model (404), too
    /// much queued (429); nothing was stored then.</returns>
    public async Task<(Recording? Recording, Job? Job, JobRequestError? Error)> CreateFromAudioFileAsync(Guid ownerId, Guid audioFileId, string name,
        RecordingRequest options, CancellationToken cancellationToken)
    {
        var recording = new Recording { OwnerId = ownerId, Name = "", AudioFileId = audioFileId, Model = "" };
        if (ApplyOptions(recording, options) is { } invalid)
            return (null, null, invalid);
        if (await files.FindAsync(ownerId, audioFileId, FileKind.Audio, cancellationToken) is not { } file)
            return (null, null, JobRequestError.NotFound("No such audio file available."));
        var (checkedName, badName) = string.IsNullOrWhiteSpace(name) ? (DefaultName(file.OriginalName), null) : CheckName(name);
        if (badName is not null)
            return (null, null, badName);
        recording.Name = checkedName;

        db.Recordings.Add(recording);
        await db.SaveChangesAsync(cancellationToken);
        var removed = true;
        try
        {
            var (job, error) = await StartAnalysisAsync(recording, cancellationToken);
            removed = error is not null;
            return error is null ? (recording, job, null) : (null, null, error);
        }
        finally
        {
            if (removed)
            {
                db.Recordings.Remove(recording);
                await db.SaveChangesAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>Checks a name and options without storing anything (routes call it before they ingest an upload).</summary>
    public JobRequestError? Validate(string? name, RecordingRequest options) =>
        (name is null ? null : CheckName(name).Error) ?? ApplyOptions(new Recording { Name = "", Model = "" }, options);

    public async Task<Recording?> FindAsync(Guid ownerId, Guid id, CancellationToken cancellationToken)
    {
        var recording = await db.Recordings.FirstOrDefaultAsync(r => r.Id == id && r.OwnerId == ownerId, cancellationToken);
        if (recording is not null)
            await SettleAsync(recording, cancellationToken);
        return recording;
    }

    /// <summary>The owner's recordings matching the query, newest first, and how many match in all.</summary>
    public async Task<(IReadOnlyList<Recording> Items, int Total)> ListAsync(Guid ownerId, RecordingQuery query, CancellationToken cancellationToken)
    {
        var recordings = db.Recordings.Where(r => r.OwnerId == ownerId);
        if (!string.IsNullOrEmpty(query.NameContains))
        {
            var needle = query.NameContains.ToLowerInvariant();
            recordings = recordings.Where(r => r.Name.ToLower().Contains(needle));
        }
        if (query.From is { } from)
            recordings = recordings.Where(r => r.CreatedAt >= from);
        if (query.To is { } to)
            recordings = recordings.Where(r => r.CreatedAt < to);
        var total = await recordings.CountAsync(cancellationToken);
        var items = await recordings.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
        foreach (var recording in items)
            await SettleAsync(recording, cancellationToken);
        return (items, total);
    }

    /// <summary>
    /// Renames and/or changes the analysis. When keywords or options differ from the current ones, the running analysis is
    /// cancelled, the old result is cleared and a new job is queued (returned); a pure rename returns no job.
    /// </summary>
    /// <returns>The recording and its new job, or why not: no such recording of the owner (404), bad options (422), a job
    /// that cannot be queued (the recording is then marked failed).</returns>
    public async Task<(Recording? Recording, Job? Job, JobRequestError? Error)> UpdateAsync(Guid ownerId, Guid id, RecordingChange change,
        CancellationToken cancellationToken)
    {
        var recording = await db.Recordings.FirstOrDefaultAsync(r => r.Id == id && r.OwnerId == ownerId, cancellationToken);
        if (recording is null)
            return (null, null, NoSuchRecording);
        var (name, badName) = change.Name is null ? (recording.Name, null) : CheckName(change.Name);
        if (badName is not null)
            return (null, null, badName);
        var wanted = new Recording { Name = name, Model = recording.Model, Keywords = [.. recording.Keywords], Timestamps = recording.Timestamps,
            Sentiment = recording.Sentiment, ChunkSeconds = recording.ChunkSeconds };
        if (ApplyOptions(wanted, change.Options) is { } invalid)
            return (null, null, invalid);

        recording.Name = name;
        recording.UpdatedAt = DateTime.UtcNow;
        if (SameAnalysis(recording, wanted))
        {
            await db.SaveChangesAsync(cancellationToken);
            await SettleAsync(recording, cancellationToken);
            return (recording, null, null);
        }

        var (job, error) = await RerunAsync(recording, wanted, cancellationToken);
        return error is null ? (recording, job, null) : (null, null, error);
    }

    /// <summary>
    /// Runs the analysis again with the recording's current options — after a failure (say the model was missing), or to
    /// pick up a newer model — clearing the old result. Refused with 404 when the owner has no such recording, 409 while
    /// an analysis is queued or running.
    /// </summary>
    public async Task<(Recording? Recording, Job? Job, JobRequestError? Error)> ReanalyzeAsync(Guid ownerId, Guid id, CancellationToken cancellationToken)
    {
        var recording = await FindAsync(ownerId, id, cancellationToken);
        if (recording is null)
            return (null, null, NoSuchRecording);
        if (recording.Status is RecordingStatus.Queued or RecordingStatus.Processing)
            return (null, null, new JobRequestError(StatusCodes.Status409Conflict, "The recording is being analysed; wait until it succeeded or failed."));
        var (job, error) = await RerunAsync(recording, recording, cancellationToken);
        return error is null ? (recording, job, null) : (null, null, error);
    }

    private static readonly JobRequestError NoSuchRecording = JobRequestError.NotFound("No such recording.");

    /// <summary>Cancels the current analysis, takes <paramref name="wanted"/>'s options, clears the result and queues a new job.</summary>
    private async Task<(Job? Job, JobRequestError? Error)> RerunAsync(Recording recording, Recording wanted, CancellationToken cancellationToken)
    {
        if (recording.CurrentJobId is { } previous)
            await engine.CancelAsync(recording.OwnerId, previous, cancellationToken);
        (recording.Keywords, recording.Timestamps, recording.Sentiment, recording.Model, recording.ChunkSeconds) =
            (wanted.Keywords, wanted.Timestamps, wanted.Sentiment, wanted.Model, wanted.ChunkSeconds);
        (recording.Status, recording.Error, recording.CurrentJobId) = (RecordingStatus.Queued, null, null);
        (recording.ResultJson, recording.ResultModel, recording.ResultModelVersion) = (null, null, null);
        recording.UpdatedAt = DateTime.UtcNow;
        // Written even when they look unchanged: the cancelled job may have stored its outcome since this row was read.
        foreach (var property in new[] { nameof(Recording.Status), nameof(Recording.Error), nameof(Recording.CurrentJobId), nameof(Recording.ResultJson),
                     nameof(Recording.ResultModel), nameof(Recording.ResultModelVersion) })
            db.Entry(recording).Property(property).IsModified = true;
        await db.SaveChangesAsync(cancellationToken);
        var (job, error) = await StartAnalysisAsync(recording, cancellationToken);
        if (error is not null)
        {
            (recording.Status, recording.Error) = (RecordingStatus.Failed, error.Detail);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        return (job, error);
    }

    /// <summary>
    /// Deletes the recording, cancels its analysis and removes its audio file (with any clips cut from it) unless another
    /// recording still uses that file. Returns false when the owner has no such recording.
    /// </summary>
    public async Task<bool> DeleteAsync(Guid ownerId, Guid id, CancellationToken cancellationToken)
    {
        var recording = await db.Recordings.FirstOrDefaultAsync(r => r.Id == id && r.OwnerId == ownerId, cancellationToken);
        if (recording is null)
            return false;
        if (recording.CurrentJobId is { } job)
            await engine.CancelAsync(ownerId, job, cancellationToken);
        db.Recordings.Remove(recording);
        await db.SaveChangesAsync(cancellationToken);
        if (!await db.Recordings.AnyAsync(r => r.AudioFileId == recording.AudioFileId, cancellationToken))
            await files.DeleteAsync(ownerId, recording.AudioFileId, cancellationToken);
        return true;
    }

    private async Task<(Job? Job, JobRequestError? Error)> StartAnalysisAsync(Recording recording, CancellationToken cancellationToken)
    {
        var request = new RecordingAnalysisRequest(recording.Id, recording.AudioFileId, recording.Model, recording.Keywords, recording.Timestamps,
            recording.Sentiment, recording.ChunkSeconds);
        var (job, error) = await engine.SubmitAsync(recording.OwnerId, RecordingAnalyzePipeline.KindName, request, cancellationToken);
        if (error is not null)
            return (null, error);
        recording.CurrentJobId = job!.Id;
        recording.UpdatedAt = DateTime.UtcNow;
        await db.SaveChangesAsync(cancellationToken);
        return (job, null);
    }

    /// <summary>A recording still waiting on a job that was cancelled or died without reporting shows as failed.</summary>
    private async Task SettleAsync(Recording recording, CancellationToken cancellationToken)
    {
        if (recording.Status is RecordingStatus.Succeeded or RecordingStatus.Failed || recording.CurrentJobId is not { } jobId)
            return;
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is not null && !job.IsFinished)
            return;
        // Re-read: the pipeline writes its outcome before it finishes the job.
        await db.Entry(recording).ReloadAsync(cancellationToken);
        if (recording.Status is RecordingStatus.Succeeded or RecordingStatus.Failed || recording.CurrentJobId != jobId)
            return;
        recording.Status = RecordingStatus.Failed;
        recording.Error = job?.Status == JobStatus.Cancelled ? "The analysis job was cancelled." : job?.Error ?? "The analysis job no longer exists.";
        recording.UpdatedAt = DateTime.UtcNow;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Copies the given options onto <paramref name="recording"/> (null = keep), validating each; the first
    /// problem found, if any.</summary>
    private JobRequestError? ApplyOptions(Recording recording, RecordingRequest options)
    {
        var limits = settings.Value;
        if (options.Keywords is not null)
        {
            var (keywords, problem) = CheckKeywords(options.Keywords, limits);
            if (problem is not null)
                return problem;
            recording.Keywords = keywords!;
        }
        recording.Timestamps = options.Timestamps ?? recording.Timestamps;
        recording.Sentiment = options.Sentiment ?? recording.Sentiment;

        if (options.Model is not null && string.IsNullOrWhiteSpace(options.Model))
            return JobRequestError.Invalid("model must not be empty when given.");
        var modelName = options.Model ?? (recording.Model.Length > 0 ? recording.Model : limits.DefaultModel);
        var model = string.IsNullOrWhiteSpace(modelName) ? models.OfType<ISpeechRecognizer>().FirstOrDefault() : models.Find<ISpeechRecognizer>(modelName);
        if (model is null)
            return JobRequestError.NotFound($"No such audio model available. Available: {string.Join(", ", models.NamesOf<ISpeechRecognizer>())}.");
        recording.Model = model.Info.Name;

        if (options.ChunkSeconds is { } chunk && !(chunk >= limits.MinChunkSeconds && chunk <= limits.MaxChunkSeconds))
            return JobRequestError.Invalid($"chunk_seconds must lie between {limits.MinChunkSeconds} and {limits.MaxChunkSeconds}.");
        recording.ChunkSeconds = options.ChunkSeconds ?? (recording.ChunkSeconds > 0 ? recording.ChunkSeconds : limits.ChunkSeconds);

        return recording.Sentiment && models.FindVader() is null
            ? JobRequestError.Invalid("sentiment needs the 'vader' analyzer, which is not loaded; send sentiment=false.")
            : null;
    }

    private static (List<string>? Keywords, JobRequestError? Error) CheckKeywords(IReadOnlyList<string> keywords, RecordingOptions limits)
    {
        if (keywords.Count == 0)
            return (null, JobRequestError.Invalid("keywords, when given, must hold at least one keyword."));
        if (keywords.Count > limits.MaxKeywords)
            return (null, JobRequestError.Invalid($"At most {limits.MaxKeywords} keywords are allowed; got {keywords.Count}."));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var kept = new List<string>();
        for (var i = 0; i < keywords.Count; i++)
        {
            var keyword = keywords[i]?.Trim();
            if (KeywordMatcher.Problem(keyword, limits.MaxKeywordLength) is { } problem)
                return (null, JobRequestError.Invalid($"keywords[{i}] {problem}."));
            if (seen.Add(KeywordMatcher.Normalize(keyword!)))
                kept.Add(keyword!);
        }
        return (kept, null);
    }

    private static (string Name, JobRequestError? Error) CheckName(string name)
    {
        var trimmed = name.Trim();
        if (trimmed.Length == 0)
            return (trimmed, JobRequestError.Invalid("name must not be empty."));
        if (trimmed.Length > MaxNameLength || trimmed.Any(char.IsControl))
            return (trimmed, JobRequestError.Invalid($"name must be at most {MaxNameLength} characters without control characters."));
        return (trimmed, null);
    }

    private static string DefaultName(string fileName)
    {
        var name = Path.GetFileNameWithoutExtension(fileName);
        return name.Length == 0 ? "recording" : name[..Math.Min(name.Length, MaxNameLength)];
    }

    private static bool SameAnalysis(Recording a, Recording b) =>
        a.Keywords.SequenceEqual(b.Keywords, StringComparer.Ordinal) && a.Timestamps == b.Timestamps && a.Sentiment == b.Sentiment
        && a.Model == b.Model && a.ChunkSeconds.Equals(b.ChunkSeconds);
}
