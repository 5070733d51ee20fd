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
}
