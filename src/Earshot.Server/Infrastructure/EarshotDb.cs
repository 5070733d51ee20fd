using Earshot.Server.Model;
using Microsoft.EntityFrameworkCore;

namespace Earshot.Server.Infrastructure;

/// <summary>
/// The Earshot database. Migrations live per provider under Infrastructure/Migrations/&lt;Provider&gt;; add one with
/// <c>dotnet ef migrations add NAME -p src/Earshot.Server -o Infrastructure/Migrations/Sqlite</c>.
/// </summary>
public sealed class EarshotDb(DbContextOptions<EarshotDb> options) : DbContext(options)
{
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
