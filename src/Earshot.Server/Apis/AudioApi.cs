using Earshot.Server.Jobs.Pipelines;

namespace Earshot.Server.Apis;

/// <summary>Audio jobs under /v1/audio; each is a seed-style task pair over the job engine.</summary>
public static class AudioApi
{
    public static IEndpointRouteBuilder MapAudioApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("v1/audio").WithTags("Audio");
        api.MapSeedTask<AudioProbeRequest>("probe", AudioProbePipeline.KindName,
            "Describe an uploaded recording: duration, channels, sample rate, codec and levels.");
        return app;
    }
}
