using Earshot.Server.Jobs;
using Earshot.Server.Tests.Infrastructure;
using Hangfire.PostgreSql;
using Hangfire.Storage;
using Npgsql;

namespace Earshot.Server.Tests.Distributed;

/// <summary>Hangfire's distributed locks on PostgreSQL, taken as advisory locks, on a throwaway PostgreSQL cluster.</summary>
public sealed class AdvisoryLockStorageTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(200);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ALockExcludesOtherConnectionsIsReentrantWithinOneAndEndsWithItsLastRelease()
    {
        await using var cluster = await PostgresCluster.StartAsync(Ct);
        var storage = await StorageAsync(cluster);
        using var first = storage.GetConnection();
        using var second = storage.GetConnection();

        var held = first.AcquireDistributedLock("job:1:state-lock", Long);
        var again = first.AcquireDistributedLock("job:1:state-lock", Long);
        Assert.Throws<DistributedLockTimeoutException>(() => second.AcquireDistributedLock("job:1:state-lock", Short));
        using (second.AcquireDistributedLock("job:2:state-lock", Long))
        {
        }

        again.Dispose();
        again.Dispose(); // a second dispose of the same handle releases nothing more
        Assert.Throws<DistributedLockTimeoutException>(() => second.AcquireDistributedLock("job:1:state-lock", Short));

        // A waiter gets the lock as soon as the holder lets it go.
        var waiter = Task.Run(() => second.AcquireDistributedLock("job:1:state-lock", Long), Ct);
        held.Dispose();
        (await waiter.WaitAsync(Long, Ct)).Dispose();
    }

    [Fact]
    public async Task ADisposedConnectionLetsItsLocksGo()
    {
        await using var cluster = await PostgresCluster.StartAsync(Ct);
        var storage = await StorageAsync(cluster);
        using var other = storage.GetConnection();

        var holder = storage.GetConnection();
        holder.AcquireDistributedLock("recurring-jobs:lock", Long);
        Assert.Throws<DistributedLockTimeoutException>(() => other.AcquireDistributedLock("recurring-jobs:lock", Short));
        holder.Dispose();

        using (other.AcquireDistributedLock("recurring-jobs:lock", Short))
        {
        }
        // PostgreSQL holds no advisory lock once every holder has let go.
        await using var db = new NpgsqlConnection(cluster.ConnectionString("locks"));
        await db.OpenAsync(Ct);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'", db);
        Assert.Equal(0L, await count.ExecuteScalarAsync(Ct));
    }

    /// <summary>
    /// The storage as a node builds it. The locks need no Hangfire schema, so none is installed: Hangfire's installer logs
    /// through a static provider that other hosts in this test process may have pointed at a logger factory since disposed.
    /// </summary>
    private static async Task<PostgreSqlStorage> StorageAsync(PostgresCluster cluster) =>
        SharedJobStorage.Create(await cluster.CreateDatabaseAsync("locks", Ct), new JobOptions());
}
