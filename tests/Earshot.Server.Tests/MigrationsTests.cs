using Earshot.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Earshot.Server.Tests;

/// <summary>Each provider has its own migrations; a model change must come with one for each (docs/architecture.md).</summary>
public sealed class MigrationsTests
{
    [Fact]
    public void TheSqliteMigrationsMatchTheModel()
    {
        using var db = new EarshotDb(new DbContextOptionsBuilder<EarshotDb>().UseSqlite("Data Source=:memory:").Options);
        Assert.False(db.Database.HasPendingModelChanges(), "Add a SQLite migration: dotnet ef migrations add NAME --context EarshotDb …");
    }

    [Fact]
    public void ThePostgreSqlMigrationsMatchTheModel()
    {
        // building the model needs no server
        using var db = new PostgreSqlEarshotDb(new DbContextOptionsBuilder<PostgreSqlEarshotDb>().UseNpgsql("Host=127.0.0.1;Database=none").Options);
        Assert.False(db.Database.HasPendingModelChanges(), "Add a PostgreSQL migration: dotnet ef migrations add NAME --context PostgreSqlEarshotDb …");
        Assert.NotEmpty(db.Database.GetMigrations());
    }
}
