using Earshot.Audio;
using Earshot.Server.Infrastructure;
using Earshot.Server.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Files;

/// <summary>
/// Turns uploads into stored files: validate by decoding, keep the original, make the canonical copy, then record it.
/// Any failure removes what was written, so a rejected upload leaves neither a row nor a file.
/// </summary>
public sealed class FileService(EarshotDb db, IFileStore store, StorageQuota quota, Ffmpeg ffmpeg, ImageTools images, IOptions<EarshotOptions> options)
{
    public const string CanonicalAudioName = "canonical.wav";
    public const string CanonicalImageName = "canonical.png";

    public Task<StoredFile?> FindAsync(Guid ownerId, Guid fileId, FileKind kind, CancellationToken cancellationToken) =>
        db.Files.AsNoTracking().FirstOrDefaultAsync(f => f.Id == fileId && f.OwnerId == ownerId && f.Kind == kind, cancellationToken);

    /// <returns>The stored file, or why it was refused (name, type, quota); nothing is stored then.</returns>
    /// <exception cref="MediaException">The file does not decode as its kind.</exception>
    public async Task<(StoredFile? File, UploadRejection? Rejection)> IngestAsync(Guid ownerId, FileKind kind, ReceivedFile upload,
        CancellationToken cancellationToken)
    {
        var (extension, badName) = CheckName(upload.FileName, kind);
        if (badName is not null)
            return (null, badName);
        if (upload.Length == 0)
            throw new MediaException("The file is empty.");
        // held until the file is stored, so that parallel uploads cannot all pass the check and then all write
        var (reservation, overQuota) = quota.Reserve(ownerId, upload.Length);
        if (overQuota is not null)
            return (null, overQuota);
        using var held = reservation!;

        var file = new StoredFile
        {
            OwnerId = ownerId, Kind = kind, OriginalName = Path.GetFileName(upload.FileName), ContentType = StoredContentTypes.For(extension),
            SizeBytes = upload.Length, OriginalKey = "", CanonicalKey = "",
        };
        var prefix = $"{ownerId:N}/{file.Id:N}";
        file.OriginalKey = $"{prefix}/original{extension}";
        file.CanonicalKey = $"{prefix}/{(kind == FileKind.Audio ? CanonicalAudioName : CanonicalImageName)}";
        var canonicalTemp = Path.Combine(Path.GetDirectoryName(upload.TempPath)!, kind == FileKind.Audio ? CanonicalAudioName : CanonicalImageName);

        try
        {
            if (kind == FileKind.Audio)
                await DescribeAudioAsync(file, upload.TempPath, canonicalTemp, cancellationToken);
            else
                (file.Width, file.Height) = await images.NormalizeToPngAsync(upload.TempPath, canonicalTemp, cancellationToken);
            if (held.GrowTo(upload.Length + new FileInfo(canonicalTemp).Length) is { } overWithCanonical)
            {
                await store.DeletePrefixAsync(prefix, CancellationToken.None);
                return (null, overWithCanonical);
            }

            await store.PutAsync(file.CanonicalKey, canonicalTemp, cancellationToken);
            await store.PutAsync(file.OriginalKey, upload.TempPath, cancellationToken);
            db.Files.Add(file);
            await db.SaveChangesAsync(cancellationToken);
            return (file, null);
        }
        catch
        {
            await store.DeletePrefixAsync(prefix, CancellationToken.None);
            db.ChangeTracker.Clear();
            throw;
        }
    }

    /// <summary>
    /// Records the files a pipeline produced from a recording (clips, segments) from finished local WAVs, all or none: they
    /// count against the owner's storage quota like uploads, and when they do not fit nothing is stored.
    /// </summary>
    /// <returns>The stored files in order, or why they were refused (the quota); nothing is stored then.</returns>
    public async Task<(IReadOnlyList<StoredFile> Files, UploadRejection? Rejection)> AddDerivedAudioAsync(Guid ownerId, Guid sourceFileId,
        IReadOnlyList<(string WavPath, string Name)> clips, CancellationToken cancellationToken)
    {
        var sizes = clips.Select(c => new FileInfo(c.WavPath).Length).ToList();
        var (reservation, overQuota) = quota.Reserve(ownerId, sizes.Sum());
        if (overQuota is not null)
            return ([], overQuota);
        using var held = reservation!;

        var stored = new List<StoredFile>(clips.Count);
        try
        {
            for (var i = 0; i < clips.Count; i++)
            {
                var audio = WavFile.ReadInfo(clips[i].WavPath);
                var file = CanonicalWav(ownerId, clips[i].Name, sizes[i], audio.DurationSeconds, audio.SampleRate);
                file.SourceFileId = sourceFileId;
                stored.Add(file);
                await store.PutAsync(file.CanonicalKey, clips[i].WavPath, cancellationToken);
            }
            db.Files.AddRange(stored);
            await db.SaveChangesAsync(cancellationToken);
            return (stored, null);
        }
        catch
        {
            foreach (var file in stored)
                await store.DeletePrefixAsync($"{ownerId:N}/{file.Id:N}", CancellationToken.None);
            db.ChangeTracker.Clear();
            throw;
        }
    }

    /// <summary>A row for a mono 16-bit PCM WAV the server made, stored as is: its original is its canonical copy.</summary>
    public static StoredFile CanonicalWav(Guid ownerId, string name, long sizeBytes, double durationSeconds, int sampleRate)
    {
        var file = new StoredFile
        {
            OwnerId = ownerId, Kind = FileKind.Audio, OriginalName = name, ContentType = "audio/wav", SizeBytes = sizeBytes,
            OriginalKey = "", CanonicalKey = "", DurationSeconds = durationSeconds, SampleRate = sampleRate, Channels = 1, Codec = "pcm_s16le",
        };
        file.CanonicalKey = file.OriginalKey = $"{ownerId:N}/{file.Id:N}/{CanonicalAudioName}";
        return file;
    }

    /// <summary>
    /// Removes a file of the owner with every file cut from it (segment and word clips): rows first, then the bytes.
    /// Returns false when the owner has no such file.
    /// </summary>
    public async Task<bool> DeleteAsync(Guid ownerId, Guid fileId, CancellationToken cancellationToken)
    {
        var doomed = await db.Files.Where(f => f.OwnerId == ownerId && (f.Id == fileId || f.SourceFileId == fileId)).ToListAsync(cancellationToken);
        if (!doomed.Any(f => f.Id == fileId))
            return false;
        db.Files.RemoveRange(doomed);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var file in doomed)
            await store.DeletePrefixAsync($"{ownerId:N}/{file.Id:N}", CancellationToken.None);
        return true;
    }

    private async Task DescribeAudioAsync(StoredFile file, string path, string canonicalTemp, CancellationToken cancellationToken)
    {
        var probe = await ffmpeg.ProbeAsync(path, cancellationToken);
        if (probe.DurationSeconds > options.Value.MaxAudioSeconds)
            throw new MediaException($"The audio lasts {probe.DurationSeconds:0} s; the limit is {options.Value.MaxAudioSeconds:0} s.");
        await ffmpeg.ConvertToCanonicalWavAsync(path, canonicalTemp, cancellationToken, options.Value.MaxAudioSeconds);
        // the data chunk's size, not the file's: ffmpeg adds a LIST chunk that is no audio
        var decoded = WavFile.ReadInfo(canonicalTemp);
        if (decoded.DurationSeconds > options.Value.MaxAudioSeconds)
            throw new MediaException($"The audio decodes to more than {options.Value.MaxAudioSeconds:0} s (the limit), whatever its header says.");
        file.DurationSeconds = decoded.DurationSeconds;
        file.SampleRate = probe.SampleRate;
        file.Channels = probe.Channels;
        file.Codec = probe.Codec;
    }

    private (string Extension, UploadRejection? Rejection) CheckName(string fileName, FileKind kind)
    {
        if (string.IsNullOrWhiteSpace(fileName))
            return ("", UploadRejection.Invalid("The file part has no file name."));
        if (fileName.Contains('/') || fileName.Contains('\\') || fileName.Contains("..") || fileName.Any(char.IsControl) || fileName.Length > 255)
            return ("", UploadRejection.Invalid("The file name must be a plain name without path parts."));
        if (fileName.Any(Auth.UserNames.IsBidiControl))
            return ("", UploadRejection.Invalid(
                "The file name must not contain bidirectional control characters (U+202A-202E, U+2066-2069, U+200E, U+200F, U+061C): they disguise its extension."));
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        var allowed = kind == FileKind.Audio ? options.Value.AudioExtensions : options.Value.ImageExtensions;
        return allowed.Contains(extension)
            ? (extension, null)
            : (extension, UploadRejection.Unsupported(
                $"Only {kind.ToString().ToLowerInvariant()} files can be uploaded here; allowed extensions: {string.Join(", ", allowed)}."));
    }
}
