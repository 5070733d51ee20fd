using System.Net;
using System.Net.Sockets;
using Earshot.Server.Cli;
using Earshot.Testing;

namespace Earshot.Server.Tests.Whisper;

public sealed class ModelsCommandTests : IDisposable
{
    private readonly string _models = Directory.CreateTempSubdirectory("earshot-models-").FullName;
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    private static string TestFile => Path.Combine(RepositoryPaths.Shared, "models", "whisper", "for-tests-ggml-tiny.en.bin");

    private Task<int> Run(params string[] args) => ModelsCommand.RunAsync([.. args, "--models", _models], _out, _err, TestContext.Current.CancellationToken);

    [Fact]
    public async Task FromAFileWithTheWrongChecksumFailsAndInstallsNothing()
    {
        Assert.Equal(1, await Run("install", "whisper-tiny.en", "--from", TestFile));
        Assert.Contains("Checksum mismatch", _err.ToString());
        Assert.False(Directory.Exists(Path.Combine(_models, "whisper")) && Directory.EnumerateFileSystemEntries(Path.Combine(_models, "whisper")).Any());
    }

    [Fact]
    public async Task NoVerifyInstallsWithAWarningAndListShowsIt()
    {
        Assert.Equal(0, await Run("install", "tiny.en", "--from", TestFile, "--no-verify"));
        Assert.Contains("NOT verified", _err.ToString());
        Assert.True(File.Exists(Path.Combine(_models, "whisper", "ggml-tiny.en.bin")));

        Assert.Equal(0, await Run("list"));
        Assert.Matches(@"whisper-tiny\.en\s+\d+ MiB\s+installed", _out.ToString());
        Assert.Matches(@"whisper-base\.en\s+\d+ MiB\s+-", _out.ToString());
    }

    [Fact]
    public async Task OfflineDownloadNamesTheUrlAndFrom()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        Assert.Equal(1, await Run("install", "whisper-base.en", "--base-url", $"http://127.0.0.1:{port}/"));
        Assert.Contains($"http://127.0.0.1:{port}/ggml-base.en.bin", _err.ToString());
        Assert.Contains("--from FILE", _err.ToString());
    }

    [Theory]
    [InlineData("install", "whisper-base.en", "--frm", "x")]
    [InlineData("install", "whisper-huge")]
    [InlineData("install")]
    [InlineData("install", "base.en", "--no-verify")]
    [InlineData("remove", "base.en")]
    public async Task MistakesAreUsageErrors(params string[] args)
    {
        Assert.Equal(2, await Run(args));
        Assert.Contains("usage: earshot models", _err.ToString());
    }

    public void Dispose() => Directory.Delete(_models, recursive: true);
}
