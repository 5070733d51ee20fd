using System.Text.Json;
using Earshot.Server.Jobs;
using Hangfire;

namespace Earshot.Server.Analytics;

/// <summary>Queues the callback of an analytics job that asked for one, once the job has ended.</summary>
public sealed class AnalyticsCallbackListener(IBackgroundJobClient hangfire) : IJobFinishedListener
{
    public Task OnFinishedAsync(Guid jobId, string kind, string requestJson, CancellationToken cancellationToken)
    {
        if (kind == AudioAnalyticsPipeline.KindName && JsonSerializer.Deserialize<AudioAnalyticsRequest>(requestJson, JobJson.Options)?.Callback is not null)
            hangfire.Enqueue<CallbackSender>(sender => sender.DeliverAsync(jobId, CancellationToken.None));
        return Task.CompletedTask;
    }
}
