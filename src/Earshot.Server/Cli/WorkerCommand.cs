using Earshot.Server.Extensions;
using Earshot.Server.Infrastructure;

namespace Earshot.Server.Cli;

/// <summary>
/// `earshot worker`: a node that runs jobs from the shared queues and serves no HTTP. Only PostgreSQL shares queues
/// between processes, so on the embedded SQLite default there is nothing for a separate worker to take.
/// </summary>
internal static class WorkerCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        EarshotCli.Configure(builder, args);
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (!database.IsPostgreSql)
        {
            await Console.Error.WriteLineAsync("earshot worker: a worker node shares the job queues through PostgreSQL; set Database:Provider=PostgreSQL "
                + "and ConnectionStrings:Earshot (see docs/operations.md). On SQLite, `earshot serve` runs the workers itself.");
            return 2;
        }
        if (builder.Configuration.GetValue("Jobs:RunWorkers", true) is false)
        {
            await Console.Error.WriteLineAsync("earshot worker: --workers must be at least 1.");
            return 2;
        }
        builder.AddEarshotServer();
        await builder.Build().RunAsync();
        return 0;
    }
}
