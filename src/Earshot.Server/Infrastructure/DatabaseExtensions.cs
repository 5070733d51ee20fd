using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

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
            })
            .ValidateDataAnnotations()
            .Validate(o => !o.IsPostgreSql || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Database:Provider=PostgreSQL needs a connection string: ConnectionStrings:Earshot (or Database:ConnectionString).")
            .ValidateOnStart();
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (database.IsPostgreSql)
        {
            builder.Services.AddDbContext<EarshotDb, PostgreSqlEarshotDb>((services, options) =>
                options.UseNpgsql(services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString));
        }
        else
        {
            builder.Services.AddDbContext<EarshotDb>((services, options) =>
            {
                var sqlite = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
                var earshot = services.GetRequiredService<IOptions<EarshotOptions>>().Value;
                options.UseSqlite(SqliteConnectionString(sqlite, earshot)).AddInterceptors(new SqlitePragmas(sqlite.SqliteSynchronous));
            });
        }
        builder.Services.AddHostedService<DatabaseMigrator>();
        return builder;
    }

    private static string SqliteConnectionString(DatabaseOptions database, EarshotOptions earshot)
    {
        if (!string.IsNullOrWhiteSpace(database.ConnectionString))
            return database.ConnectionString;
        var path = earshot.ResolveData("earshot.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    /// <summary>Applies migrations and switches SQLite to WAL so readers never wait for the job writer.</summary>
    public static async Task MigrateAsync(this EarshotDb db, CancellationToken cancellationToken)
    {
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}
