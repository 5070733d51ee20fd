using System.Diagnostics;
using Earshot.Server.Models;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Streaming;

/// <summary>Creates the streams' warm decoders (Streaming:WarmDecoders) in the background at start-up, after the models
/// load, so that streams opened right after a start find them ready instead of waiting about 1 s for each.</summary>
internal sealed class StreamDecoderWarmer(StreamRecognizers recognizers, IOptions<ModelOptions> models, ILogger<StreamDecoderWarmer> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!models.Value.PreloadOnStartup)
        {
            recognizers.SkipWarmUp();
            return Task.CompletedTask;
        }
        return Task.Run(() =>
        {
            var watch = Stopwatch.StartNew();
            try
            {
                recognizers.WarmUp(stoppingToken);
                StreamWarmLog.Warmed(logger, recognizers.Warm.Result, watch.Elapsed.TotalSeconds);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                StreamWarmLog.Failed(logger, ex); // streams still create decoders on demand; a failed warm-up must not stop the host
            }
        }, stoppingToken);
    }
}

internal static partial class StreamWarmLog
{
    [LoggerMessage(EventId = 6010, Level = LogLevel.Information, Message = "{Decoders} stream decoders ready after {Seconds:F1} s")]
    public static partial void Warmed(ILogger logger, int decoders, double seconds);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Warning, Message = "Stream decoders could not be created ahead of demand")]
    public static partial void Failed(ILogger logger, Exception exception);
}
