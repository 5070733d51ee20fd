using Earshot.Testing;

namespace Earshot.Lab.Tests;

public sealed class LabCommandLineTests
{
    private static Task<int> RunAsync(params string[] args) =>
        LabCommandLine.RunAsync(args, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

    [Theory]
    [InlineData("eval", "reading", "--manfest", "x.tsv")]
    [InlineData("eval", "asr", "--limt", "3")]
    [InlineData("eval", "reading-words", "--words", "x.tsv", "--l2", "0.1", "--wirte", "out.json")]
    [InlineData("train-analytics", "--thread", "2")]
    [InlineData("evaluate", "asr")]
    public async Task AnUnknownOrMisspelledOptionOrCommandIsAUsageError(params string[] args) =>
        Assert.Equal(LabCommandLine.UsageError, await RunAsync(args));

    [Fact]
    public async Task AValueThatDoesNotParseIsAUsageError() =>
        Assert.Equal(LabCommandLine.UsageError, await RunAsync("eval", "asr", "--manifest", RepositoryPaths.Speech("manifest.tsv"), "--limit", "three"));

    [Fact]
    public async Task AMisspelledReadingMethodIsAUsageErrorBeforeDecoding() =>
        Assert.Equal(LabCommandLine.UsageError,
            await RunAsync("eval", "reading", "--manifest", RepositoryPaths.Speech("manifest.tsv"), "--methods", "plain,clasifier"));

    [Fact]
    public async Task AReadingEvalWithAMissingPhoneModelIsAUsageErrorBeforeDecoding() =>
        Assert.Equal(LabCommandLine.UsageError,
            await RunAsync("eval", "reading", "--manifest", RepositoryPaths.Speech("manifest.tsv"), "--phone-lm", "/nonexistent/phone.lm.bin"));

    [Theory]
    [InlineData("asr")]
    [InlineData("reading")]
    public async Task AnEvalWithAMissingAcousticModelIsAUsageErrorBeforeDecoding(string kind) =>
        Assert.Equal(LabCommandLine.UsageError,
            await RunAsync("eval", kind, "--manifest", RepositoryPaths.Speech("manifest.tsv"), "--acoustic-model", "/nonexistent/en-us"));

    [Fact]
    public async Task HelpExitsWithoutRunningAnything() => Assert.Equal(0, await RunAsync("eval", "reading", "--help"));
}
