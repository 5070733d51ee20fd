using Microsoft.Extensions.Options;

namespace Earshot.Server.Models;

/// <summary>Loads the models in the background at start-up, so the first request does not pay for it.</summary>
internal sealed class ModelPreloader(ModelRegistry registry, IOptions<ModelOptions> options) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.PreloadOnStartup ? Task.Run(() => _ = registry.Models, stoppingToken) : Task.CompletedTask;
}
