using System.ComponentModel.DataAnnotations;

namespace Earshot.Server.Infrastructure;

/// <summary>The "Database" section. The provider is chosen here so business code never names one.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSQL";

    /// <summary>"Sqlite" (embedded default, one process) or "PostgreSQL" (any number of API and worker processes).</summary>
    [RegularExpression("^(?i:sqlite|postgresql)$", ErrorMessage = "Database:Provider must be Sqlite or PostgreSQL.")]
    public string Provider { get; set; } = Sqlite;

    /// <summary>
    /// ConnectionStrings:Earshot, or this. SQLite: empty means earshot.db in the data directory.
    /// PostgreSQL: required, e.g. "Host=db;Database=earshot;Username=earshot;Password=…".
    /// </summary>
    public string? ConnectionString { get; set; }

    public bool IsPostgreSql => Provider.Equals(PostgreSql, StringComparison.OrdinalIgnoreCase);

    /// <summary>SQLite "synchronous" setting: NORMAL (default, see SqlitePragmas) or FULL (fsync every commit).</summary>
    [RegularExpression("^(NORMAL|FULL|EXTRA)$")]
    public string SqliteSynchronous { get; set; } = "NORMAL";

    /// <summary>Apply pending migrations at start-up; off in deployments that run `earshot db migrate` instead.</summary>
    public bool MigrateOnStartup { get; set; } = true;
}
