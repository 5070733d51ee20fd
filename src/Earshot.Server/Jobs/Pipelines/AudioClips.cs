using Earshot.Audio;
using Earshot.Sdk;
using Earshot.Sdk.Models;
using Earshot.Server.Files;
using Earshot.Server.Model;

namespace Earshot.Server.Jobs.Pipelines;

/// <summary>Loads a stored recording for the engines and stores cut-out clips as downloadable audio files.</summary>
public sealed class AudioClips(FileService files, IFileStore store)
{
    public async Task<(StoredFile File, AudioBuffer Audio)> LoadAsync(Guid ownerId, Guid fileId, CancellationToken cancellationToken)
    {
        var file = await files.FindAsync(ownerId, fileId, FileKind.Audio, cancellationToken)
            ?? throw new JobFailedException("The audio file was deleted before the job ran.");
        return (file, WavFile.Read(store.GetLocalPath(file.CanonicalKey)));
    }

    /// <summary>Cuts each span (seconds, clamped to the audio) into its own stored WAV file; returns their ids in order.</summary>
    public async Task<IReadOnlyList<Guid>> StoreAsync(Guid ownerId, StoredFile source, AudioBuffer audio, IReadOnlyList<TimeSpan2> spans,
        CancellationToken cancellationToken)
    {
        if (spans.Count == 0)
            return [];
        var clamped = spans.Select(s => ClampToAudio(s, audio)).ToList();
        var temp = store.CreateTempDirectory();
        try
        {
            var paths = await AudioSplitter.SplitToFilesAsync(audio, clamped, temp, cancellationToken);
            var ids = new List<Guid>(paths.Count);
            for (var i = 0; i < paths.Count; i++)
            {
                var name = $"{Path.GetFileNameWithoutExtension(source.OriginalName)}_{clamped[i].Start:0.00}-{clamped[i].End:0.00}.wav";
                ids.Add((await files.AddDerivedAudioAsync(ownerId, source.Id, paths[i], name, cancellationToken)).Id);
            }
            return ids;
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>Keeps a clip at least one sample long and inside the recording.</summary>
    private static TimeSpan2 ClampToAudio(TimeSpan2 span, AudioBuffer audio)
    {
        var oneSample = 1.0 / audio.SampleRate;
        var start = Math.Clamp(span.Start, 0, Math.Max(0, audio.DurationSeconds - oneSample));
        var end = Math.Clamp(span.End, start + oneSample, audio.DurationSeconds);
        return new TimeSpan2(start, end);
    }
}
