using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Earshot.Server.Infrastructure;

/// <summary>Lets `dotnet ef` build the SQLite model without starting the server.</summary>
internal sealed class DesignTimeDbFactory : IDesignTimeDbContextFactory<EarshotDb>
{
    public EarshotDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<EarshotDb>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>Lets `dotnet ef` build the PostgreSQL model; adding a migration never connects.</summary>
internal sealed class PostgreSqlDesignTimeDbFactory : IDesignTimeDbContextFactory<PostgreSqlEarshotDb>
{
    public PostgreSqlEarshotDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlEarshotDb>().UseNpgsql("Host=localhost;Database=earshot").Options);
}
