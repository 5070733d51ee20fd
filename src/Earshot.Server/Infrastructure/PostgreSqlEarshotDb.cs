using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Earshot.Server.Infrastructure;

/// <summary>
/// The same model on PostgreSQL, with its own migrations (Infrastructure/Migrations/PostgreSql). Every DateTime is UTC in
/// Earshot; PostgreSQL's timestamptz refuses a value whose Kind is not Utc, so unmarked values (DateTime.MaxValue,
/// values parsed from text) are marked UTC on the way in.
/// </summary>
public sealed class PostgreSqlEarshotDb(DbContextOptions<PostgreSqlEarshotDb> options) : EarshotDb(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        value => value.Kind == DateTimeKind.Utc ? value : value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc),
        value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
