using System.Data.Common;
using Earshot.Server.Jobs;
using Hangfire.PostgreSql;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Earshot.Server.Infrastructure;

public static class DatabaseExtensions
{
    /// <summary>The connection string key read before Database:ConnectionString: ConnectionStrings:Earshot.</summary>
    public const string ConnectionStringName = "Earshot";

    public static IHostApplicationBuilder AddEarshotDatabase(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section)
            .PostConfigure<IConfiguration>((o, configuration) =>
            {
                if (configuration.GetConnectionString(ConnectionStringName) is { Length: > 0 } connectionString)
                    o.ConnectionString = connectionString;
                if (o.IsPostgreSql && !string.IsNullOrWhiteSpace(o.ConnectionString))
                    o.ConnectionString = Tuned(o.ConnectionString);
            })
            .ValidateDataAnnotations()
            .Validate(o => !o.IsPostgreSql || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Database:Provider=PostgreSQL needs a connection string: ConnectionStrings:Earshot (or Database:ConnectionString).")
            .ValidateOnStart();
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        // Pooled: building a context and its EF services per request or job was a large part of a short job's cost.
        if (database.IsPostgreSql)
        {
            builder.Services.AddDbContextPool<EarshotDb, PostgreSqlEarshotDb>((services, options) =>
                options.UseNpgsql(services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString));
        }
        else
        {
            builder.Services.AddDbContextPool<EarshotDb>((services, options) =>
            {
                var sqlite = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
                var earshot = services.GetRequiredService<IOptions<EarshotOptions>>().Value;
                options.UseSqlite(SqliteConnectionString(sqlite, earshot)).AddInterceptors(new SqlitePragmas(sqlite.SqliteSynchronous));
            });
        }
        builder.Services.AddHostedService<DatabaseMigrator>();
        return builder;
    }

    /// <summary>
    /// Npgsql settings for the job workload, each added unless the connection string sets it:
    /// <list type="bullet">
    /// <item>"Max Auto Prepare=64;Auto Prepare Min Usages=2": a connection prepares the statements it runs again and again
    /// (every job runs the same few dozen, EF's and Hangfire's), so PostgreSQL skips parsing and planning them, which was a
    /// quarter of its CPU per no-op job. Set "Max Auto Prepare=0" behind a pooler that cannot keep prepared statements.</item>
    /// <item>"No Reset On Close=true": a job takes a pooled connection 7 to 9 times, and by default each return makes the next
    /// use run a seven-statement reset first. Nothing Earshot or Hangfire runs leaves session state behind (no SET, LISTEN,
    /// cursors or temporary tables; the migration's advisory lock is released explicitly, Hangfire's job locks end with
    /// their transaction).</item>
    /// </list>
    /// </summary>
    internal static string Tuned(string connectionString)
    {
        // Npgsql's own builder answers ContainsKey for every keyword it knows, set or not: read the keys as written.
        var written = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(key => key.Replace(" ", "")).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!written.Contains("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }
        if (!written.Contains("NoResetOnClose"))
            builder.NoResetOnClose = true;
        return written.Contains("MaxAutoPrepare") && written.Contains("NoResetOnClose") ? connectionString : builder.ConnectionString;
    }

    private static string SqliteConnectionString(DatabaseOptions database, EarshotOptions earshot)
    {
        if (!string.IsNullOrWhiteSpace(database.ConnectionString))
            return database.ConnectionString;
        var path = earshot.ResolveData("earshot.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    /// <summary>
    /// Applies migrations. SQLite: switches to WAL so readers never wait for the job writer. PostgreSQL: also creates or
    /// upgrades the Hangfire queue schema, all under an advisory lock, because nodes that start together and each install
    /// the queue schema collide ("could not find tuple for constraint"); nodes themselves never install it.
    /// </summary>
    public static async Task MigrateAsync(this EarshotDb db, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            await MigratePostgreSqlAsync(db, cancellationToken);
            return;
        }
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }

    private const long MigrationLock = 0x4561727368_6F74; // "Earshot"

    private static async Task MigratePostgreSqlAsync(EarshotDb db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLock})", connection))
                await take.ExecuteNonQueryAsync(cancellationToken);
            try
            {
                // On a fresh database the Npgsql provider reads the history table before creating it and logs that read as a
                // failed command (npgsql/efcore.pg#3407): an error line in every first install. Creating it first avoids that.
                await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), cancellationToken);
                await db.Database.MigrateAsync(cancellationToken);
                PostgreSqlObjectsInstaller.Install(connection, SharedJobStorage.Schema);
            }
            finally
            {
                await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLock})", connection);
                await release.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
