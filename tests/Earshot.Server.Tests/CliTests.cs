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

    [Fact]
    public async Task AReadingEvalWithAMissingPhoneModelExitsWithUsageErrorBeforeDecoding()
    {
        var manifest = Earshot.Testing.RepositoryPaths.Speech("manifest.tsv");

        var exit = await EarshotCli.RunAsync(["eval", "reading", "--manifest", manifest, "--phone-lm", "/nonexistent/phone.lm.bin"])
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(2, exit);
    }

    [Theory]
    [InlineData("asr")]
    [InlineData("reading")]
    public async Task AnEvalWithAMissingAcousticModelExitsWithUsageErrorBeforeDecoding(string kind)
    {
        var manifest = Earshot.Testing.RepositoryPaths.Speech("manifest.tsv");

        var exit = await EarshotCli.RunAsync(["eval", kind, "--manifest", manifest, "--acoustic-model", "/nonexistent/en-us"])
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(2, exit);
    }
}
