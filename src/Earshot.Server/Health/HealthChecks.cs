using System.Text.Json;
using Earshot.Server.Files;
using Earshot.Server.Infrastructure;
using Earshot.Server.Jobs;
using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Earshot.Server.Health;

internal sealed class DatabaseHealthCheck(EarshotDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy(db.Database.ProviderName)
            : HealthCheckResult.Unhealthy("Cannot connect to the database.");
}

internal sealed class FileStoreHealthCheck(IFileStore store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var dir = store.CreateTempDirectory();
            File.WriteAllText(Path.Combine(dir, "probe"), "ok");
            Directory.Delete(dir, recursive: true);
            return Task.FromResult(HealthCheckResult.Healthy("writable"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The file store is not writable.", ex));
        }
    }
}

internal sealed class JobEngineHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var monitor = storage.GetMonitoringApi();
        var servers = monitor.Servers();
        var stats = monitor.GetStatistics();
        var workers = servers.Sum(s => s.WorkersCount);
        var data = new Dictionary<string, object>
        {
            ["servers"] = servers.Count, ["workers"] = workers, ["enqueued"] = stats.Enqueued, ["processing"] = stats.Processing,
            [JobQueues.Interactive] = monitor.EnqueuedCount(JobQueues.Interactive), [JobQueues.Batch] = monitor.EnqueuedCount(JobQueues.Batch),
        };
        if (servers.Count == 0)
            return Task.FromResult(HealthCheckResult.Degraded("No Hangfire worker is running; jobs will wait in the queue.", data: data));
        // A queue is saturated when every worker serving it is busy and jobs still wait in it.
        var processing = monitor.ProcessingJobs(0, Math.Max(1, workers)).Select(j => j.Value.ServerId).ToList();
        var saturated = servers
            .Where(s => processing.Count(id => id == s.Name) >= s.WorkersCount)
            .SelectMany(s => s.Queues).Distinct()
            .Where(q => monitor.EnqueuedCount(q) > 0).ToList();
        return Task.FromResult(saturated.Count > 0
            ? HealthCheckResult.Degraded($"Every worker of the {string.Join(" and ", saturated)} queue is busy and jobs wait.", data: data)
            : HealthCheckResult.Healthy("Hangfire workers running", data));
    }
}

/// <summary>/health: anyone sees the overall status; only administrators see the checks (versions, worker counts, paths).</summary>
internal static class HealthResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        if (!context.User.IsInRole(Auth.EarshotClaims.AdminRole))
            return JsonSerializer.SerializeAsync(context.Response.Body, new { status = report.Status.ToString() }, cancellationToken: context.RequestAborted);
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                data = e.Value.Data.Count == 0 ? null : e.Value.Data,
            }),
        }, cancellationToken: context.RequestAborted);
    }
}
