using System.Data.Common;
using Earshot.Server.Jobs;
using Hangfire.PostgreSql;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
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
                    o.ConnectionString = WithAutoPrepare(o.ConnectionString);
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
    /// Npgsql prepares the statements a connection runs again and again (every job runs the same few dozen, EF's and
    /// Hangfire's), unless the connection string says otherwise: PostgreSQL then skips parsing and planning them, which
    /// was a quarter of its CPU per no-op job. Set "Max Auto Prepare=0" behind a pooler that cannot keep prepared statements.
    /// </summary>
    internal static string WithAutoPrepare(string connectionString)
    {
        // Npgsql's own builder answers ContainsKey for every keyword it knows, set or not: read the keys as written.
        var written = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (written.Keys.Cast<string>().Any(key => key.Replace(" ", "").Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
            return connectionString;
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.MaxAutoPrepare = 64;
        builder.AutoPrepareMinUsages = 2;
        return builder.ConnectionString;
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
    /// upgrades the Hangfire queue schema, under an advisory lock, because nodes that start together and each install it
    /// collide ("could not find tuple for constraint"); nodes themselves never install it.
    /// </summary>
    public static async Task MigrateAsync(this EarshotDb db, CancellationToken cancellationToken)
    {
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        if (db.Database.IsNpgsql())
            await InstallQueueSchemaAsync(db, cancellationToken);
    }

    private const long QueueSchemaLock = 0x4561727368_6F74; // "Earshot"

    private static async Task InstallQueueSchemaAsync(EarshotDb db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({QueueSchemaLock})", connection))
                await take.ExecuteNonQueryAsync(cancellationToken);
            try
            {
                PostgreSqlObjectsInstaller.Install(connection, SharedJobStorage.Schema);
            }
            finally
            {
                await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({QueueSchemaLock})", connection);
                await release.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
