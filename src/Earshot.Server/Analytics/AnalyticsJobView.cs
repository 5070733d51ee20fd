using System.Text.Json;
using Earshot.Server.Jobs;
using Earshot.Server.Entities;

namespace Earshot.Server.Analytics;

/// <summary>The request's parameters as the seed echoes them back.</summary>
public sealed record AnalyticsJobConfig(string[] Models, int OutputPeriod, int? Channel, bool IncludeSummary, bool IncludeTransitions,
    bool IncludeRawValues, double VolumeThreshold, string? Url, string? Callback);

/// <summary>GET /file-processing/jobs/{id}, and the body POSTed to the callback.</summary>
public sealed record AnalyticsJobView(Guid Id, string State, AnalyticsJobConfig Config, string? ErrorDescription,
    IReadOnlyList<CallbackDelivery> CallbackDeliveries)
{
    public static AnalyticsJobView From(Job job, AnalyticsOptions options, IReadOnlyList<CallbackDelivery> deliveries)
    {
        var request = JsonSerializer.Deserialize<AudioAnalyticsRequest>(job.RequestJson, JobJson.Options)!;
        var config = new AnalyticsJobConfig(AnalyticsRequestRules.ModelsOf(request, options), request.OutputPeriod, request.Channel,
            request.IncludeSummary, request.IncludeTransitions, request.IncludeRawValues, request.VolumeThreshold, request.Url, request.Callback);
        var state = job.Status switch
        {
            JobStatus.Queued => "new",
            JobStatus.Running => "processing",
            JobStatus.Succeeded => "done",
            _ => "error",
        };
        var error = job.Status switch
        {
            JobStatus.Failed => job.Error,
            JobStatus.Cancelled => "The job was cancelled.",
            _ => null,
        };
        return new AnalyticsJobView(job.Id, state, config, error, deliveries);
    }
}
