using Hangfire.PostgreSql;

namespace Earshot.Server.Jobs;

/// <summary>
/// Hangfire's queues in the Earshot PostgreSQL database (schema "hangfire"), shared by every API and worker node.
/// An idle worker polls the queue table every <see cref="JobOptions.QueuePollInterval"/>.
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
            // Long polling (LISTEN/NOTIFY) is off: after taking a job its fetch cancels the listener and waits for it with
            // no timeout, and a cancellation that lands in Npgsql's wait at the wrong moment is lost (npgsql/npgsql#5975),
            // so the worker hangs with the job fetched until the next NOTIFY anywhere. Jobs enqueued in this process still
            // wake a worker at once; those enqueued on another node wait up to this interval.
            EnableLongPolling = false,
            QueuePollInterval = jobs.QueuePollInterval,
            // A fetched id stays invisible while its worker lives (sliding); when the worker died it is fetched again after
            // this, so an id a worker took but had not yet claimed or parked is not lost. A copy of a job the row's lease
            // already re-queued finds it claimed and returns.
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = jobs.LeaseTimeout * 2,
        };
        return new AdvisoryLockStorage(connectionString, options);
    }
}
