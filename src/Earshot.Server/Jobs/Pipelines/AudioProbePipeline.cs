using Earshot.Audio;
using Earshot.Server.Files;
using Earshot.Server.Entities;

namespace Earshot.Server.Jobs.Pipelines;

public sealed record AudioProbeRequest(Guid AudioFile);
public sealed record AudioProbeResult(Guid AudioFile, string Format, string Codec, double DurationSeconds, int SampleRate, int Channels,
    double PeakDbfs, double RmsDbfs, double SilenceFraction);

/// <summary>Describes an uploaded recording: container facts from ffprobe, levels from the canonical PCM.</summary>
public sealed class AudioProbePipeline(FileService files, IFileStore store, Ffmpeg ffmpeg) : JobPipeline<AudioProbeRequest, AudioProbeResult>
{
    public const string KindName = "audio.probe";
    public override string Kind => KindName;

    public override async Task<JobRequestError?> ValidateAsync(AudioProbeRequest request, Guid ownerId, CancellationToken cancellationToken) =>
        await files.FindAsync(ownerId, request.AudioFile, FileKind.Audio, cancellationToken) is null
            ? JobRequestError.NotFound("No such audio file available")
            : null;

    public override async Task<AudioProbeResult> RunAsync(AudioProbeRequest request, JobContext context, CancellationToken cancellationToken)
    {
        var file = await files.FindAsync(context.OwnerId, request.AudioFile, FileKind.Audio, cancellationToken)
            ?? throw new JobFailedException("The audio file was deleted before the job ran.");
        var probe = await ffmpeg.ProbeAsync(store.GetLocalPath(file.OriginalKey), cancellationToken);
        await context.ReportProgressAsync(50, cancellationToken);

        var stats = AudioStats.Compute(store.GetLocalPath(file.CanonicalKey));
        return new AudioProbeResult(file.Id, probe.Format, probe.Codec, stats.DurationSeconds, probe.SampleRate, probe.Channels,
            Math.Round(stats.PeakDbfs, 2), Math.Round(stats.RmsDbfs, 2), Math.Round(stats.SilenceFraction, 3));
    }
}
