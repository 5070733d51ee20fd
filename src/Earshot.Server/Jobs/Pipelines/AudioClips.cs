using Earshot.Audio;
using Earshot.Sdk;
using Earshot.Sdk.Models;
using Earshot.Server.Files;
using Earshot.Server.Entities;
using Earshot.Server.Recordings;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Jobs.Pipelines;

/// <summary>A stored recording's canonical WAV, read piece by piece.</summary>
public sealed record StoredWav(StoredFile File, string Path, WavInfo Info)
{
    public double DurationSeconds => Info.DurationSeconds;
}

/// <summary>Loads a stored recording for the engines and stores cut-out clips as downloadable audio files.</summary>
public sealed class AudioClips(FileService files, IFileStore store, IOptions<RecordingOptions> recordings)
{
    /// <summary>The whole recording in memory, for pipelines that align it as one piece (reading comparisons of a page).</summary>
    public async Task<(StoredFile File, AudioBuffer Audio)> LoadAsync(Guid ownerId, Guid fileId, CancellationToken cancellationToken)
    {
        var wav = await OpenAsync(ownerId, fileId, cancellationToken);
        return (wav.File, WavFile.Read(wav.Path));
    }

    /// <summary>The recording's canonical WAV without reading its samples.</summary>
    public async Task<StoredWav> OpenAsync(Guid ownerId, Guid fileId, CancellationToken cancellationToken)
    {
        var file = await files.FindAsync(ownerId, fileId, FileKind.Audio, cancellationToken)
            ?? throw new JobFailedException("The audio file was deleted before the job ran.");
        var path = store.GetLocalPath(file.CanonicalKey);
        return new StoredWav(file, path, WavFile.ReadInfo(path));
    }

    /// <summary>
    /// Transcribes the recording chunk by chunk (cut at pauses, Recordings:ChunkSeconds long, as recordings are), so only
    /// one chunk is in memory at a time; times are on the recording's clock.
    /// </summary>
    public async Task<Transcript> TranscribeAsync(ISpeechRecognizer model, StoredWav wav, TranscribeOptions options, CancellationToken cancellationToken)
    {
        var chunkSeconds = recordings.Value.ChunkSeconds;
        await using var stream = new FileStream(wav.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);
        var ranges = WavChunker.Plan(stream, wav.Info, chunkSeconds, Math.Min(30, chunkSeconds * RecordingAnalyzer.CutSearchShare));
        if (ranges.Count == 1)
            return await model.TranscribeAsync(WavFile.ReadRange(stream, wav.Info, 0, (int)wav.Info.SampleCount), options, cancellationToken);

        var segments = new List<TranscriptSegment>();
        var words = new List<RecognizedWord>();
        foreach (var range in ranges)
        {
            var offset = (double)range.Start / wav.Info.SampleRate;
            var part = await model.TranscribeAsync(WavFile.ReadRange(stream, wav.Info, range.Start, (int)range.Length), options, cancellationToken);
            segments.AddRange(part.Segments.Select(s => s with { Start = s.Start + offset, End = s.End + offset }));
            words.AddRange(part.Words.Select(w => w with { Start = w.Start + offset, End = w.End + offset }));
        }
        return new Transcript(string.Join(' ', segments.Select(s => s.Text).Where(t => t.Length > 0)), segments, words);
    }

    /// <summary>Cuts each span (seconds, clamped to the audio) into its own stored WAV file; returns their ids in order.</summary>
    public async Task<IReadOnlyList<Guid>> StoreAsync(Guid ownerId, StoredFile source, AudioBuffer audio, IReadOnlyList<TimeSpan2> spans,
        CancellationToken cancellationToken)
    {
        if (spans.Count == 0)
            return [];
        var clamped = spans.Select(s => ClampTo(s, audio.DurationSeconds, audio.SampleRate)).ToList();
        var temp = store.CreateTempDirectory();
        try
        {
            return await StoreClipsAsync(ownerId, source, clamped, await AudioSplitter.SplitToFilesAsync(audio, clamped, temp, cancellationToken),
                cancellationToken);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>As <see cref="StoreAsync(Guid, StoredFile, AudioBuffer, IReadOnlyList{TimeSpan2}, CancellationToken)"/>, reading only
    /// each clip's samples from the file.</summary>
    public async Task<IReadOnlyList<Guid>> StoreAsync(Guid ownerId, StoredWav wav, IReadOnlyList<TimeSpan2> spans, CancellationToken cancellationToken)
    {
        if (spans.Count == 0)
            return [];
        var rate = wav.Info.SampleRate;
        var clamped = spans.Select(s => ClampTo(s, wav.DurationSeconds, rate)).ToList();
        var temp = store.CreateTempDirectory();
        try
        {
            var paths = new List<string>(clamped.Count);
            await using (var stream = new FileStream(wav.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024))
            {
                foreach (var span in clamped)
                {
                    var from = ToSample(span.Start, rate, wav.Info.SampleCount);
                    var to = Math.Max(from, ToSample(span.End, rate, wav.Info.SampleCount));
                    var path = Path.Combine(temp, $"{Guid.NewGuid()}.wav");
                    await WavFile.WriteAsync(path, WavFile.ReadRange(stream, wav.Info, from, (int)(to - from)), cancellationToken);
                    paths.Add(path);
                }
            }
            return await StoreClipsAsync(ownerId, wav.File, clamped, paths, cancellationToken);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    private async Task<IReadOnlyList<Guid>> StoreClipsAsync(Guid ownerId, StoredFile source, IReadOnlyList<TimeSpan2> spans, IReadOnlyList<string> paths,
        CancellationToken cancellationToken)
    {
        var stem = Path.GetFileNameWithoutExtension(source.OriginalName);
        var clips = paths.Select((path, i) => (path, $"{stem}_{spans[i].Start:0.00}-{spans[i].End:0.00}.wav")).ToList();
        var (stored, rejection) = await files.AddDerivedAudioAsync(ownerId, source.Id, clips, cancellationToken);
        if (rejection is not null)
            throw new JobFailedException($"The job's {clips.Count} audio clips were not kept. {rejection.Detail}");
        return stored.Select(f => f.Id).ToList();
    }

    private static long ToSample(double seconds, int rate, long count) =>
        (long)Math.Clamp(Math.Round(seconds * rate, MidpointRounding.AwayFromZero), 0, count);

    /// <summary>Keeps a clip at least one sample long and inside the recording.</summary>
    private static TimeSpan2 ClampTo(TimeSpan2 span, double duration, int sampleRate)
    {
        var oneSample = 1.0 / sampleRate;
        var start = Math.Clamp(span.Start, 0, Math.Max(0, duration - oneSample));
        var end = Math.Clamp(span.End, start + oneSample, duration);
        return new TimeSpan2(start, end);
    }
}
