using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Infrastructure;

public static class DatabaseExtensions
{
    public static IHostApplicationBuilder AddEarshotDatabase(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Pooled: building a context and its EF services per request or job was a large part of a short job's cost.
        builder.Services.AddDbContextPool<EarshotDb>((services, options) =>
        {
            var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var earshot = services.GetRequiredService<IOptions<EarshotOptions>>().Value;
            switch (database.Provider.ToLowerInvariant())
            {
                case "sqlite":
                    options.UseSqlite(SqliteConnectionString(database, earshot)).AddInterceptors(new SqlitePragmas(database.SqliteSynchronous));
                    break;
                default:
                    throw new InvalidOperationException($"Unknown database provider '{database.Provider}'. Supported: Sqlite.");
            }
        });
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
