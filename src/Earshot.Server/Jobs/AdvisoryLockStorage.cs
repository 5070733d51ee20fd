using System.Security.Cryptography;
using System.Text;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage;
using Npgsql;

namespace Earshot.Server.Jobs;

/// <summary>
/// Hangfire.PostgreSql with its distributed locks taken as PostgreSQL advisory locks. Hangfire locks a job around each of its
/// state changes (two per job); Hangfire.PostgreSql takes such a lock by inserting a row into its lock table and deleting it
/// afterwards, two commits that each wait for a WAL flush. An advisory lock is held in memory by PostgreSQL: one round trip
/// to take it, one to let it go, nothing written, and a dead node's locks end with its connections instead of lingering
/// until they count as stale.
/// </summary>
internal sealed class AdvisoryLockStorage(string connectionString, PostgreSqlStorageOptions options)
    : PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options)
{
    public override IStorageConnection GetConnection()
    {
        base.GetConnection().Dispose(); // makes sure the storage is initialized, as the base method does for its own connections
        return new AdvisoryLockConnection(this, connectionString);
    }
}

/// <summary>
/// A Hangfire storage connection whose distributed locks are transaction-level advisory locks, each on a pooled connection of
/// its own with a transaction open for as long as the lock is held. Like Hangfire's own, the locks are re-entrant within one
/// storage connection. A lock that cannot be had within its timeout throws <see cref="DistributedLockTimeoutException"/>.
/// </summary>
internal sealed class AdvisoryLockConnection(PostgreSqlStorage storage, string connectionString) : PostgreSqlConnection(storage)
{
    private const string LockNotAvailable = "55P03";
    private readonly Dictionary<string, HeldLock> _held = [];

    public override IDisposable AcquireDistributedLock(string resource, TimeSpan timeout)
    {
        ArgumentException.ThrowIfNullOrEmpty(resource);
        if (_held.TryGetValue(resource, out var held))
        {
            held.Count++;
            return new Releaser(this, resource);
        }
        _held[resource] = Take(resource, timeout);
        return new Releaser(this, resource);
    }

    public override void Dispose()
    {
        foreach (var held in _held.Values)
            held.Dispose();
        _held.Clear();
        base.Dispose();
    }

    private HeldLock Take(string resource, TimeSpan timeout)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            connection.Open();
            var transaction = connection.BeginTransaction();
            // lock_timeout 0 would mean "wait forever"; set_config(..., true) is SET LOCAL, gone with the transaction.
            var milliseconds = Math.Clamp((long)Math.Ceiling(timeout.TotalMilliseconds), 1, int.MaxValue);
            using var command = new NpgsqlCommand("SELECT set_config('lock_timeout', @timeout, true), pg_advisory_xact_lock(@key)", connection, transaction);
            command.Parameters.AddWithValue("timeout", $"{milliseconds}ms");
            command.Parameters.AddWithValue("key", Key(resource));
            command.ExecuteNonQuery();
            return new HeldLock(connection, transaction);
        }
        catch (PostgresException ex) when (ex.SqlState == LockNotAvailable)
        {
            connection.Dispose();
            throw new DistributedLockTimeoutException(resource);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void Release(string resource)
    {
        if (!_held.TryGetValue(resource, out var held) || --held.Count > 0)
            return;
        _held.Remove(resource);
        held.Dispose();
    }

    /// <summary>A 64-bit advisory lock key for a Hangfire resource name; a collision only makes two locks wait for each other.</summary>
    private static long Key(string resource) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("hangfire:" + resource)));

    private sealed class HeldLock(NpgsqlConnection connection, NpgsqlTransaction transaction) : IDisposable
    {
        public int Count { get; set; } = 1;

        public void Dispose()
        {
            try
            {
                transaction.Rollback(); // ends the transaction and with it the lock; nothing was written
            }
            finally
            {
                connection.Dispose();
            }
        }
    }

    private sealed class Releaser(AdvisoryLockConnection owner, string resource) : IDisposable
    {
        private bool _released;

        public void Dispose()
        {
            if (_released)
                return;
            _released = true;
            owner.Release(resource);
        }
    }
}
