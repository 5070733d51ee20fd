namespace Earshot.Server.Infrastructure;

/// <summary>The "Database" section. The provider is chosen here so business code never names one.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>"Sqlite" (embedded default). Other providers plug in beside it with their own migrations.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>Empty means earshot.db in the data directory.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>SQLite "synchronous" setting: NORMAL (default, see SqlitePragmas) or FULL (fsync every commit).</summary>
    [System.ComponentModel.DataAnnotations.RegularExpression("^(NORMAL|FULL|EXTRA)$")]
    public string SqliteSynchronous { get; set; } = "NORMAL";

    /// <summary>Apply pending migrations at start-up; off in deployments that run `earshot db migrate` instead.</summary>
    public bool MigrateOnStartup { get; set; } = true;
}
