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
            // The Hangfire servers serve only the job queues; a delivery is short network work, so it goes with interactive work.
            hangfire.Enqueue<CallbackSender>(JobQueues.Interactive, sender => sender.DeliverAsync(jobId, CancellationToken.None));
        return Task.CompletedTask;
    }
}
