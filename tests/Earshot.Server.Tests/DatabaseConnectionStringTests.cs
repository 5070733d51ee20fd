using Earshot.Server.Infrastructure;
using Npgsql;

namespace Earshot.Server.Tests;

/// <summary>PostgreSQL connections get Earshot's Npgsql settings for the job workload, unless the operator's connection string sets them.</summary>
public sealed class DatabaseConnectionStringTests
{
    [Fact]
    public void APostgreSqlConnectionStringGetsAutoPrepareAndNoResetOnClose()
    {
        var tuned = new NpgsqlConnectionStringBuilder(DatabaseExtensions.Tuned("Host=db.internal;Database=earshot;Username=earshot"));

        Assert.Equal(64, tuned.MaxAutoPrepare);
        Assert.Equal(2, tuned.AutoPrepareMinUsages);
        Assert.True(tuned.NoResetOnClose);
        Assert.Equal("db.internal", tuned.Host);
        Assert.Equal("earshot", tuned.Database);
    }

    [Theory]
    [InlineData("Host=db;Database=earshot;Max Auto Prepare=0;No Reset On Close=false")]
    [InlineData("Host=db;Database=earshot;max auto prepare=8;noresetonclose=false")]
    public void SettingsTheOperatorWroteAreKept(string connectionString) =>
        Assert.Equal(connectionString, DatabaseExtensions.Tuned(connectionString));

    [Fact]
    public void OneSettingTheOperatorWroteIsKeptAndTheOtherAdded()
    {
        var tuned = new NpgsqlConnectionStringBuilder(DatabaseExtensions.Tuned("Host=db;Database=earshot;Max Auto Prepare=0"));

        Assert.Equal(0, tuned.MaxAutoPrepare);
        Assert.True(tuned.NoResetOnClose);
    }
}
