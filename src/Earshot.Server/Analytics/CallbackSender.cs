using System.Net.Http.Json;
using Earshot.Server.Infrastructure;
using Earshot.Server.Jobs;
using Earshot.Server.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Analytics;

/// <summary>
/// POSTs a finished analytics job's status body to its callback URL, signed like the downloads. Retries (5xx, timeouts,
/// up to 3 times with backoff) come from the client's resilience pipeline; every attempt is recorded on the job.
/// Runs as its own Hangfire job, so a slow receiver never holds a job worker.
/// </summary>
public sealed class CallbackSender(EarshotDb db, IHttpClientFactory clients, RequestSigner signer, CallbackDeliveries deliveries,
    IOptions<AnalyticsOptions> options, ILogger<CallbackSender> logger)
{
    public async Task DeliverAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null || !job.IsFinished || job.Kind != AudioAnalyticsPipeline.KindName)
            return;
        var view = AnalyticsJobView.From(job, options.Value, []);
        if (view.Config.Callback is not { } callback || !Uri.TryCreate(callback, UriKind.Absolute, out var url))
            return;

        using var attempts = CallbackAttemptRecorder.Collect();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(view, options: JobJson.Options) };
            request.Headers.Add(RequestSigner.HeaderName, signer.Sign(job.OwnerId, job.Id, url));
            using var response = await clients.CreateClient(GuardedHttp.CallbackClient).SendAsync(request, cancellationToken);
            AnalyticsLog.CallbackAnswered(logger, jobId, (int)response.StatusCode);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            AnalyticsLog.CallbackFailed(logger, jobId, ex.Message);
        }
        finally
        {
            foreach (var attempt in attempts.Attempts)
                await deliveries.RecordAsync(job.OwnerId, jobId, attempt.Status, attempt.Error, CancellationToken.None);
        }
    }
}

/// <summary>Innermost handler of the callback client: sees every attempt the retry strategy makes and notes its outcome.</summary>
public sealed class CallbackAttemptRecorder : DelegatingHandler
{
    private static readonly AsyncLocal<Collector?> Current = new();

    public sealed class Collector : IDisposable
    {
        public List<CallbackDelivery> Attempts { get; } = [];
        public void Dispose() => Current.Value = null;
    }

    public static Collector Collect() => Current.Value = new Collector();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var at = DateTime.UtcNow;
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            Add(new CallbackDelivery(at, status, status is >= 200 and < 300 ? null : $"HTTP {status} {response.ReasonPhrase}"));
            return response;
        }
        catch (OperationCanceledException)
        {
            Add(new CallbackDelivery(at, null, "timed out"));
            throw;
        }
        catch (HttpRequestException ex)
        {
            Add(new CallbackDelivery(at, null, GuardedHttp.IsRefused(ex) ? AddressGuard.NotAllowed : ex.Message));
            throw;
        }
    }

    private static void Add(CallbackDelivery delivery)
    {
        if (Current.Value is { } collector)
        {
            lock (collector.Attempts)
                collector.Attempts.Add(delivery);
        }
    }
}

internal static partial class AnalyticsLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Callback of job {JobId} answered {Status}")]
    public static partial void CallbackAnswered(ILogger logger, Guid jobId, int status);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Callback of job {JobId} failed: {Error}")]
    public static partial void CallbackFailed(ILogger logger, Guid jobId, string error);
}
