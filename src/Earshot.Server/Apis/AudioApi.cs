using Earshot.Server.Jobs.Pipelines;

namespace Earshot.Server.Apis;

/// <summary>Audio jobs under /v1/audio; each is a seed-style task pair over the job engine.</summary>
public static class AudioApi
{
    public static IEndpointRouteBuilder MapAudioApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("v1/audio").WithTags("Audio");
        api.MapCompatTask<AudioProbeRequest>("probe", AudioProbePipeline.KindName,
            "Describe an uploaded recording: duration, channels, sample rate, codec and levels.");
        api.MapCompatTask<AudioProcessingRequest>("process", AudioProcessPipeline.KindName,
            "Transcribe a recording: text, segments (each cut into its own downloadable file) and word timings with confidence.");
        api.MapCompatTask<AudioExtractPhrasesRequest>("extract", AudioExtractPipeline.KindName,
            "Find where each phrase was said; each found phrase is cut into its own downloadable file.");
        return app;
    }
}
