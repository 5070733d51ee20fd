using System.Runtime.InteropServices;
using Earshot.Audio;
using Earshot.Engines.Speakers;
using Earshot.Sdk.Models;
using Earshot.Server.Activity;
using Earshot.Server.Files;
using Earshot.Server.Infrastructure;
using Earshot.Server.Entities;
using Earshot.Server.Models;
using Earshot.Server.Streaming;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Voices;

public enum VoiceError { StreamNotFound, FileNotFound, UnknownSpeaker, Conflict, Invalid, TooLittleSpeech, Busy, ModelMissing }

/// <summary>Why a voice operation did not happen; the routes map it to their own status codes.</summary>
public sealed record VoiceFailure(VoiceError Error, string Detail);

/// <summary>Audio to take a voiceprint from: upload streams (seed uuids) and stored audio files of the caller.</summary>
public sealed record VoiceSources(IReadOnlyList<Guid> Streams, IReadOnlyList<Guid> Files)
{
    public int Count => Streams.Count + Files.Count;

    public static VoiceSources Stream(Guid id) => new([id], []);
}

/// <summary>A voiceprint taken from audio: unit-length vector, voiced seconds, number of sources.</summary>
public sealed record VoiceSample(float[] Voiceprint, double SpeechSeconds, int Sources);

public sealed record VerifyOutcome(string ExternalId, double Score, bool Accepted, double Threshold, double SpeechSeconds);

/// <summary>
/// Enrolment, verification and voiceprints, per account: another account's streams, files and enrolments do not
/// exist for the caller. Writes the activity log lines of the seed ("Enrolled test1", "Verified test1 (result: True,
/// score: 0.62)", "All enrollments (2) deleted").
/// </summary>
public sealed class VoiceService(EarshotDb db, SpeakerModels models, ModelRegistry registry, UploadStreams streams, FileService files,
    IFileStore store, VoiceLimiter limiter, ActivityLog activity, IOptions<VoiceOptions> options, ILogger<VoiceService> logger)
{
    /// <summary>Silero finding less speech than this in the whole audio means there is none (noise, silence, not audio).</summary>
    private const double NoSpeechSeconds = 0.2;

    public double Threshold => options.Value.Threshold;
    public double MinSpeechSeconds => options.Value.MinSpeechSeconds;

    public async Task<(VoiceSample? Sample, VoiceFailure? Failure)> ExtractAsync(Guid ownerId, VoiceSources sources, CancellationToken cancellationToken)
    {
        if (sources.Count == 0)
            return Fail(VoiceError.Invalid, "Name at least one stream or file to take the voice from.");
        if (sources.Count > options.Value.MaxSources)
            return Fail(VoiceError.Invalid, $"At most {options.Value.MaxSources} streams and files per request; got {sources.Count}.");
        if (models.Model is not { } model)
            return Fail(VoiceError.ModelMissing, $"The speaker model is not installed in {models.Directory}; run scripts/install-models.sh.");

        var audio = new List<(string Name, AudioBuffer Audio)>();
        foreach (var id in sources.Streams)
        {
            if (streams.Find(ownerId, id) is not { } stream)
                return Fail(VoiceError.StreamNotFound, $"No upload stream '{id}'.");
            var bytes = stream.Snapshot();
            if (bytes.Length == 0)
                return Fail(VoiceError.TooLittleSpeech, $"Upload stream '{id}' holds no audio; a voiceprint needs at least {MinSpeechSeconds:0.##} s of speech.");
            if (bytes.Length % 2 != 0)
                return Fail(VoiceError.Invalid, $"Upload stream '{id}' holds {bytes.Length} bytes; PCM s16le needs a whole number of 2-byte samples.");
            audio.Add(($"stream '{id}'", new AudioBuffer(MemoryMarshal.Cast<byte, short>(bytes).ToArray())));
        }
        foreach (var id in sources.Files)
        {
            if (await files.FindAsync(ownerId, id, FileKind.Audio, cancellationToken) is not { } file)
                return Fail(VoiceError.FileNotFound, $"No audio file '{id}'.");
            audio.Add(($"file '{id}'", WavFile.Read(store.GetLocalPath(file.CanonicalKey))));
        }
        var maxSeconds = options.Value.MaxAudioSeconds;
        if (audio.Sum(a => a.Audio.DurationSeconds) is var total && total > maxSeconds)
            return Fail(VoiceError.Invalid, $"The audio lasts {total:0.#} s; a voiceprint takes at most {maxSeconds:0.#} s.");

        using var lease = limiter.TryEnter(ownerId);
        if (lease is null)
            return Fail(VoiceError.Busy, $"At most {limiter.Limit} voiceprint extractions per account run at once; retry when one has finished.");

        var vad = registry.Find<IVoiceActivityDetector>("silero-vad");
        var parts = new List<SpeakerEmbedding>();
        foreach (var (name, buffer) in audio)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (vad is not null && vad.DetectSpeech(buffer, cancellationToken).Sum(s => s.End - s.Start) < NoSpeechSeconds)
                return Fail(VoiceError.TooLittleSpeech, $"No speech found in {name} ({buffer.DurationSeconds:0.##} s of audio).");
            if (model.Embed(buffer) is { } embedding)
                parts.Add(embedding);
        }
        var speech = parts.Sum(p => p.SpeechSeconds);
        if (parts.Count == 0 || speech < MinSpeechSeconds)
            return Fail(VoiceError.TooLittleSpeech,
                $"Found {speech:0.00} s of speech; a voiceprint needs at least {MinSpeechSeconds:0.##} s.");
        var combined = SpeakerEmbedding.Combine(parts);
        return (new VoiceSample(model.Voiceprint(combined), combined.SpeechSeconds, sources.Count), null);
    }

    public async Task<(Voiceprint? Enrolled, bool Created, VoiceFailure? Failure)> EnrollAsync(Guid ownerId, string? userName, string externalId,
        VoiceSources sources, bool replace, CancellationToken cancellationToken)
    {
        if (VoiceIds.Problem(externalId) is { } problem)
            return (null, false, new VoiceFailure(VoiceError.Invalid, problem));
        var existing = await db.Voiceprints.FirstOrDefaultAsync(v => v.OwnerId == ownerId && v.ExternalId == externalId, cancellationToken);
        if (existing is not null && !replace)
        {
            var missing = await FirstMissingSourceAsync(ownerId, sources, cancellationToken);
            return (null, false, missing ?? new VoiceFailure(VoiceError.Conflict, $"'{externalId}' is already enrolled; delete it first or enrol with replace."));
        }
        if (existing is null && await db.Voiceprints.CountAsync(v => v.OwnerId == ownerId, cancellationToken) >= options.Value.MaxEnrollmentsPerUser)
            return (null, false, new VoiceFailure(VoiceError.Busy, $"An account keeps at most {options.Value.MaxEnrollmentsPerUser} enrolments; delete some first."));

        var (sample, failure) = await ExtractAsync(ownerId, sources, cancellationToken);
        if (sample is null)
            return (null, false, failure);
        var now = DateTime.UtcNow;
        var print = existing ?? new Voiceprint { OwnerId = ownerId, ExternalId = externalId, Vector = [], Model = SpeakerModels.Name, CreatedAt = now };
        print.Vector = Voiceprint.Pack(sample.Voiceprint);
        print.SpeechSeconds = sample.SpeechSeconds;
        print.Sources = sample.Sources;
        print.Model = SpeakerModels.Name;
        print.UpdatedAt = now;
        if (existing is null)
            db.Voiceprints.Add(print);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // a concurrent enrolment of the same id won the unique index
            db.ChangeTracker.Clear();
            return (null, false, new VoiceFailure(VoiceError.Conflict, $"'{externalId}' is already enrolled."));
        }
        await RecordAsync("voice.enroll", ownerId, userName, externalId, $"{(existing is null ? "Enrolled" : "Re-enrolled")} {externalId}", cancellationToken);
        return (print, existing is null, null);
    }

    public async Task<(VerifyOutcome? Outcome, VoiceFailure? Failure)> VerifyAsync(Guid ownerId, string? userName, string externalId,
        VoiceSources sources, CancellationToken cancellationToken)
    {
        if (await FindAsync(ownerId, externalId, cancellationToken) is not { } enrolled)
            return (null, new VoiceFailure(VoiceError.UnknownSpeaker, $"No one is enrolled as '{externalId}'."));
        var (sample, failure) = await ExtractAsync(ownerId, sources, cancellationToken);
        if (sample is null)
            return (null, failure);
        var score = SpeakerModel.Score(enrolled.Values(), sample.Voiceprint);
        var accepted = score >= Threshold;
        await RecordAsync("voice.verify", ownerId, userName, externalId,
            $"Verified {externalId} (result: {(accepted ? "True" : "False")}, score: {score:0.####})", cancellationToken);
        return (new VerifyOutcome(externalId, score, accepted, Threshold, sample.SpeechSeconds), null);
    }

    /// <summary>
    /// The enrolled speaker's score for audio already loaded (the reading comparison's "who is reading"): null when no
    /// one is enrolled under the id; a null score when the audio has less speech than a voiceprint needs.
    /// </summary>
    public async Task<(double? Score, double SpeechSeconds)?> ScoreAsync(Guid ownerId, string externalId, AudioBuffer audio,
        CancellationToken cancellationToken)
    {
        if (await FindAsync(ownerId, externalId, cancellationToken) is not { } enrolled)
            return null;
        var model = models.Model ?? throw new InvalidOperationException($"The speaker model is not installed in {models.Directory}.");
        var embedding = model.Embed(audio);
        if (embedding is null || embedding.SpeechSeconds < MinSpeechSeconds)
            return (null, embedding?.SpeechSeconds ?? 0);
        return (SpeakerModel.Score(enrolled.Values(), model.Voiceprint(embedding)), embedding.SpeechSeconds);
    }

    public Task<Voiceprint?> FindAsync(Guid ownerId, string externalId, CancellationToken cancellationToken) =>
        db.Voiceprints.AsNoTracking().FirstOrDefaultAsync(v => v.OwnerId == ownerId && v.ExternalId == externalId, cancellationToken);

    public Task<List<string>> ListAsync(Guid ownerId, string? prefix, CancellationToken cancellationToken) =>
        db.Voiceprints.AsNoTracking().Where(v => v.OwnerId == ownerId && (prefix == null || v.ExternalId.StartsWith(prefix)))
            .OrderBy(v => v.ExternalId).Select(v => v.ExternalId).ToListAsync(cancellationToken);

    public async Task<bool> DeleteAsync(Guid ownerId, string? userName, string externalId, CancellationToken cancellationToken)
    {
        var deleted = await db.Voiceprints.Where(v => v.OwnerId == ownerId && v.ExternalId == externalId).ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0)
            await RecordAsync("voice.delete", ownerId, userName, externalId, $"Enrollment {externalId} deleted", cancellationToken);
        return deleted > 0;
    }

    public async Task<int> DeleteAllAsync(Guid ownerId, string? userName, CancellationToken cancellationToken)
    {
        var deleted = await db.Voiceprints.Where(v => v.OwnerId == ownerId).ExecuteDeleteAsync(cancellationToken);
        await RecordAsync("voice.delete_all", ownerId, userName, null, $"All enrollments ({deleted}) deleted", cancellationToken);
        return deleted;
    }

    private async Task<VoiceFailure?> FirstMissingSourceAsync(Guid ownerId, VoiceSources sources, CancellationToken cancellationToken)
    {
        foreach (var id in sources.Streams)
            if (streams.Find(ownerId, id) is null)
                return new VoiceFailure(VoiceError.StreamNotFound, $"No upload stream '{id}'.");
        foreach (var id in sources.Files)
            if (await files.FindAsync(ownerId, id, FileKind.Audio, cancellationToken) is null)
                return new VoiceFailure(VoiceError.FileNotFound, $"No audio file '{id}'.");
        return null;
    }

    private async Task RecordAsync(string action, Guid ownerId, string? userName, string? target, string line, CancellationToken cancellationToken)
    {
        VoiceLog.Activity(logger, line);
        await activity.RecordAsync(action, "ok", ownerId, userName, target, line, cancellationToken);
    }

    private static (VoiceSample?, VoiceFailure?) Fail(VoiceError error, string detail) => (null, new VoiceFailure(error, detail));
}
