using System.Text.Json;
using Earshot.Audio;
using Earshot.Engines.Analytics;
using Earshot.Engines.SileroVad;
using Earshot.Server.Files;
using Earshot.Server.Jobs;
using Earshot.Server.Models;
using Earshot.Server.Voices;
using Earshot.Sdk.Models;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Analytics;

/// <summary>
/// The stored request of an <c>audio.analytics</c> job: the audio (a URL the server fetches, or an upload already in the
/// file store) and the seed's query parameters.
/// </summary>
public sealed record AudioAnalyticsRequest(
    string? Url = null,
    string? UploadKey = null,
    string[]? Models = null,
    int OutputPeriod = 1024,
    int? Channel = null,
    bool IncludeSummary = false,
    bool IncludeTransitions = false,
    bool IncludeRawValues = false,
    double VolumeThreshold = 0.001,
    string? Callback = null);

/// <summary>
/// Speech / gender / arousal / emotion time series per channel (seed 004). Decodes the audio once, streaming, every
/// channel side by side; memory holds only the blocks a step still needs and the result itself.
/// </summary>
public sealed class AudioAnalyticsPipeline(IFileStore store, Ffmpeg ffmpeg, ModelRegistry registry, AnalyticsModelSet models, SpeakerModels speakerModels,
    AudioDownloader downloader, AddressGuard guard, IOptions<AnalyticsOptions> options, IOptions<EarshotOptions> earshot) : JobPipeline<AudioAnalyticsRequest, AnalyticsResult>
{
    public const string KindName = "audio.analytics";
    public override string Kind => KindName;
    public override int? MaxUnfinishedPerUser => options.Value.MaxActiveJobsPerUser;

    public override async Task<JobRequestError?> ValidateAsync(AudioAnalyticsRequest request, Guid ownerId, CancellationToken cancellationToken)
    {
        if (request.Url is null == (request.UploadKey is null))
            return JobRequestError.Invalid("Give the audio either as a URL or as an upload, not both.");
        if (request.UploadKey is not null && (!request.UploadKey.StartsWith($"{ownerId}/analytics/", StringComparison.Ordinal) || !store.Exists(request.UploadKey)))
            return JobRequestError.NotFound("No such upload.");
        if (AnalyticsRequestRules.Check(request, options.Value) is { } problem)
            return JobRequestError.Invalid(problem);
        foreach (var url in new[] { request.Url, request.Callback }.OfType<string>())
        {
            if (await AnalyticsRequestRules.CheckAddressAsync(url, guard, cancellationToken) is { } refused)
                return JobRequestError.Invalid(refused);
        }
        return null;
    }

    public override async Task<AnalyticsResult> RunAsync(AudioAnalyticsRequest request, JobContext context, CancellationToken cancellationToken)
    {
        var temp = store.CreateTempDirectory();
        try
        {
            string path;
            if (request.Url is { } url)
            {
                path = Path.Combine(temp, "audio");
                await downloader.DownloadAsync(new Uri(url), path, context.OwnerId, context.JobId, cancellationToken);
            }
            else
            {
                path = store.GetLocalPath(request.UploadKey!);
                if (!File.Exists(path))
                    throw new JobFailedException("The uploaded audio is gone; submit it again.");
            }
            await context.ReportProgressAsync(5, cancellationToken);
            return await AnalyseAsync(request, path, context, cancellationToken);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
            if (request.UploadKey is not null)
                await store.DeletePrefixAsync(request.UploadKey, CancellationToken.None);
        }
    }

    private async Task<AnalyticsResult> AnalyseAsync(AudioAnalyticsRequest request, string path, JobContext context, CancellationToken cancellationToken)
    {
        AudioProbe probe;
        try
        {
            probe = await ffmpeg.ProbeAsync(path, cancellationToken);
        }
        catch (MediaException ex)
        {
            throw new JobFailedException($"The file is not audio: {ex.Message}");
        }
        if (probe.Channels < 1)
            throw new JobFailedException("The file has no audio channel.");
        if (request.Channel >= probe.Channels)
            throw new JobFailedException($"channel {request.Channel} is out of range: the audio has {probe.Channels} channel(s).");
        var limit = options.Value;
        var maxSeconds = request.Url is not null ? limit.MaxUrlAudioSeconds / probe.Channels : earshot.Value.MaxAudioSeconds;
        if (request.Url is not null && probe.DurationSeconds * probe.Channels > limit.MaxUrlAudioSeconds)
            throw new JobFailedException($"The audio lasts {probe.DurationSeconds:0} s × {probe.Channels} channel(s), over the {limit.MaxUrlAudioSeconds:0} s allowed for a URL.");

        var vad = registry.OfType<SileroVoiceActivityDetector>().FirstOrDefault()
            ?? throw new InvalidOperationException("The silero-vad model is not loaded; the analytics models need it.");
        var settings = new AnalyticsSettings(AnalyticsRequestRules.ModelsOf(request, limit), request.OutputPeriod, request.IncludeSummary,
            request.IncludeTransitions, request.IncludeRawValues, request.VolumeThreshold);
        var channels = request.Channel is { } only ? [only] : Enumerable.Range(0, probe.Channels).ToArray();
        var speakers = models.NeedsSamples(settings.Models)
            ? speakerModels.Model ?? throw new JobFailedException($"The gender model needs {SpeakerModels.Name}, which is not installed on this server.")
            : null;
        var analyzers = channels.Select(_ => new ChannelAnalyzer(vad, keepSamples: speakers is not null)).ToArray();
        var timelines = channels.Select(_ => new ChannelTimeline(models, settings, speakers)).ToArray();
        var expected = Math.Max(1, probe.DurationSeconds * AudioBuffer.CanonicalSampleRate);
        long read = 0;
        var lastProgress = 0;
        try
        {
            await ChannelPcmReader.ReadAsync(path, probe.Channels, (long)(maxSeconds * AudioBuffer.CanonicalSampleRate), (pieces, count) =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                for (var i = 0; i < channels.Length; i++)
                {
                    foreach (var block in analyzers[i].Accept(pieces[channels[i]].AsSpan(0, count)))
                        timelines[i].Add(block);
                }
                read += count;
                lastProgress = (int)Math.Min(95, 5 + 90 * read / expected);
            }, cancellationToken, earshot.Value.Tools.Ffmpeg);
            for (var i = 0; i < channels.Length; i++)
            {
                if (analyzers[i].Flush() is { } last)
                    timelines[i].Add(last);
            }
        }
        catch (MediaException ex)
        {
            throw new JobFailedException($"The file is not audio: {ex.Message}");
        }
        catch (AudioTooLongException ex)
        {
            throw new JobFailedException(ex.Message);
        }
        finally
        {
            foreach (var analyzer in analyzers)
                analyzer.Dispose();
        }
        await context.ReportProgressAsync(lastProgress, cancellationToken);

        var result = new Dictionary<string, ChannelResult>();
        for (var i = 0; i < channels.Length; i++)
        {
            result[channels[i].ToString(System.Globalization.CultureInfo.InvariantCulture)] = timelines[i].Finish();
        }
        var analytics = new AnalyticsResult(result);
        var size = JsonSerializer.SerializeToUtf8Bytes(analytics, JobJson.Options).LongLength;
        if (size > limit.MaxResultBytes)
            throw new JobFailedException($"The result would be {size / 1e6:0.0} MB, over the {limit.MaxResultBytes / 1e6:0.#} MB limit: raise output_period or ask for fewer models.");
        return analytics;
    }
}
