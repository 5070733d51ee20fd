using Earshot.Server.Entities;
using Microsoft.EntityFrameworkCore;

namespace Earshot.Server.Infrastructure;

/// <summary>
/// The Earshot database, on SQLite (this type) or PostgreSQL (<see cref="PostgreSqlEarshotDb"/>). Each provider has its
/// own context type so its migrations live apart under Infrastructure/Migrations/&lt;Provider&gt;; add one with
/// <c>dotnet ef migrations add NAME -p src/Earshot.Server --context EarshotDb -o Infrastructure/Migrations/Sqlite</c> and
/// <c>dotnet ef migrations add NAME -p src/Earshot.Server --context PostgreSqlEarshotDb -o Infrastructure/Migrations/PostgreSql</c>.
/// </summary>
public class EarshotDb : DbContext
{
    public EarshotDb(DbContextOptions<EarshotDb> options) : base(options)
    {
    }

    protected EarshotDb(DbContextOptions options) : base(options)
    {
    }

    public DbSet<User> Users => Set<User>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<StoredFile> Files => Set<StoredFile>();
    public DbSet<Job> Jobs => Set<Job>();
    public DbSet<ActivityEntry> Activity => Set<ActivityEntry>();
    public DbSet<Recording> Recordings => Set<Recording>();
    public DbSet<Voiceprint> Voiceprints => Set<Voiceprint>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(EarshotDb).Assembly);
}
