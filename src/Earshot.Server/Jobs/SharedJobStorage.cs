using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace Earshot.Server.Jobs;

/// <summary>
/// Hangfire's queues in the Earshot PostgreSQL database (schema "hangfire"), shared by every API and worker node.
/// A worker waits on LISTEN/NOTIFY rather than polling, so an enqueued id reaches an idle worker at once.
/// </summary>
public static class SharedJobStorage
{
    public const string Schema = "hangfire";

    public static PostgreSqlStorage Create(string connectionString, JobOptions jobs)
    {
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = Schema,
            // `earshot db migrate` (or Database:MigrateOnStartup) installs it, once: see DatabaseExtensions.MigrateAsync.
            PrepareSchemaIfNecessary = false,
            EnableLongPolling = true,
            QueuePollInterval = TimeSpan.FromSeconds(1),
            // A fetched id stays invisible while its worker lives (sliding); when the worker died it is fetched again after
            // this, so an id a worker took but had not yet claimed or parked is not lost. A copy of a job the row's lease
            // already re-queued finds it claimed and returns.
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = jobs.LeaseTimeout * 2,
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }
}
