using Earshot.Server.Cli;

namespace Earshot.Server.Tests;

public sealed class CliTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task HelpExitsWithUsageInsteadOfStartingTheServer(string argument)
    {
        // before the fix, `earshot --help` was taken for a server option and never returned
        var exit = await EarshotCli.RunAsync([argument]).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(0, exit);
    }

    [Fact]
    public async Task AnUnknownCommandExitsWithUsageError() =>
        Assert.Equal(2, await EarshotCli.RunAsync(["transcribe-everything"]).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));

    [Theory]
    [InlineData("serve", "--wokers", "3")]
    [InlineData("--urls", "http://127.0.0.1:1", "--dat", "/tmp/x")]
    [InlineData("db", "migrate", "--Database:Provider=sqlite", "--verbose")]
    [InlineData("users", "add", "ann", "--admn")]
    public async Task AMisspelledOptionIsAUsageErrorInsteadOfAnIgnoredSetting(params string[] args) =>
        Assert.Equal(EarshotCli.UsageError, await EarshotCli.RunAsync(args).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));

    [Fact]
    public async Task AWorkerOnTheEmbeddedSqliteDefaultExitsWithUsageErrorInsteadOfWaitingForever()
    {
        var data = Directory.CreateTempSubdirectory("earshot-worker-sqlite-").FullName;

        var exit = await EarshotCli.RunAsync(["worker", "--data", data]).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Equal(2, exit);
    }

    [Fact]
    public void ServeWithZeroWorkersTurnsTheWorkersOff()
    {
        Assert.Equal(["--data", "d", "--Jobs:RunWorkers=false"], EarshotCli.WorkerSwitches(["--workers", "0", "--data", "d"]));
        Assert.Equal(["--workers", "3"], EarshotCli.WorkerSwitches(["--workers", "3"]));
    }

    [Fact]
    public async Task AnApiOnlyNodeOnTheEmbeddedSqliteDefaultRefusesToStart()
    {
        var data = Directory.CreateTempSubdirectory("earshot-api-sqlite-").FullName;
        await using var app = EarshotCli.BuildApp(EarshotCli.WorkerSwitches(["--workers", "0", "--data", data, "--urls", "http://127.0.0.1:0"]));

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Database:Provider=PostgreSQL", error.Message);
    }
}
