using Earshot.Server.Models;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Earshot.Server.Health;

/// <summary>Lists loaded models; plugins that failed to load make the server Degraded, never down.</summary>
internal sealed class ModelsHealthCheck(ModelRegistry registry) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!registry.IsLoaded)
            return Task.FromResult(HealthCheckResult.Degraded("Models are still loading."));
        var data = new Dictionary<string, object>
        {
            ["loaded"] = registry.Models.Select(m => $"{m.Info.Name} ({m.Info.Kind}, {m.Info.Version})").ToArray(),
            ["failures"] = registry.Failures.Select(f => $"{f.Source}: {f.Error}").ToArray(),
        };
        return Task.FromResult(registry.Failures.Count == 0
            ? HealthCheckResult.Healthy($"{registry.Models.Count} model(s) loaded", data)
            : HealthCheckResult.Degraded($"{registry.Failures.Count} plugin(s) failed to load", data: data));
    }
}
