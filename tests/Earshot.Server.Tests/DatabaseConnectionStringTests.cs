using Earshot.Server.Infrastructure;
using Npgsql;

namespace Earshot.Server.Tests;

/// <summary>PostgreSQL connections prepare the statements every job repeats, unless the operator's connection string says otherwise.</summary>
public sealed class DatabaseConnectionStringTests
{
    [Fact]
    public void APostgreSqlConnectionStringGetsAutoPrepare()
    {
        var tuned = new NpgsqlConnectionStringBuilder(DatabaseExtensions.WithAutoPrepare("Host=db.internal;Database=earshot;Username=earshot"));

        Assert.Equal(64, tuned.MaxAutoPrepare);
        Assert.Equal(2, tuned.AutoPrepareMinUsages);
        Assert.Equal("db.internal", tuned.Host);
        Assert.Equal("earshot", tuned.Database);
    }

    [Theory]
    [InlineData("Host=db;Database=earshot;Max Auto Prepare=0")]
    [InlineData("Host=db;Database=earshot;max auto prepare=8")]
    public void AMaxAutoPrepareTheOperatorSetIsKept(string connectionString) =>
        Assert.Equal(connectionString, DatabaseExtensions.WithAutoPrepare(connectionString));
}
