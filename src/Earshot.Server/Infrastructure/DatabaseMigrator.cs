using Microsoft.Extensions.Options;

namespace Earshot.Server.Infrastructure;

/// <summary>Migrates before the server takes requests, when DatabaseOptions.MigrateOnStartup is on.</summary>
internal sealed class DatabaseMigrator(IServiceProvider services, IOptions<DatabaseOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.MigrateOnStartup)
            return;
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<EarshotDb>().MigrateAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
