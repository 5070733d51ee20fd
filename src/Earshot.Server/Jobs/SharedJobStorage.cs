using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace Earshot.Server.Jobs;

/// <summary>
/// Hangfire's queues in the Earshot PostgreSQL database (schema "hangfire"), shared by every API and worker node.
/// A worker waits on LISTEN/NOTIFY rather than polling, so an enqueued id reaches an idle worker at once.
/// </summary>
public static class SharedJobStorage
{
    public static PostgreSqlStorage Create(string connectionString)
    {
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = "hangfire",
            PrepareSchemaIfNecessary = true,
            EnableLongPolling = true,
            QueuePollInterval = TimeSpan.FromSeconds(1),
            // A fetched job stays invisible while its worker lives; one that died is fetched again after this. The job
            // row's own lease (Jobs:LeaseTimeout) re-queues it much sooner, and the late copy finds it claimed and returns.
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = TimeSpan.FromMinutes(5),
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }
}
