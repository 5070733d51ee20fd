using System.Net;
using System.Net.Sockets;
using Earshot.Engines.Whisper;
using Earshot.Sdk;
using Earshot.Sdk.Models;

namespace Earshot.Engines.Tests.Whisper;

public sealed class WhisperInstallTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string _models = Directory.CreateTempSubdirectory("earshot-whisper-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private static readonly WhisperWeights TinyEn = WhisperCatalog.Find("whisper-tiny.en")!;

    private IReadOnlyList<IModel> PluginModels() =>
        [.. new WhisperPlugin().CreateModels(new PluginContext(_models, new Dictionary<string, string?> { ["PoolSize"] = "1", ["Threads"] = "1" }))];

    private string[] WhisperFolder() =>
        Directory.Exists(Path.Combine(_models, "whisper")) ? [.. Directory.GetFiles(Path.Combine(_models, "whisper")).Select(f => Path.GetFileName(f))] : [];

    [Fact]
    public async Task FileWithTheWrongChecksumIsRefusedAndLeavesNothing()
    {
        var outcome = await new WhisperInstaller(_http).InstallAsync(TinyEn, _models, WhisperTestModel.Path, verify: true, cancellationToken: Ct);

        Assert.False(outcome.Succeeded);
        Assert.Contains($"expected SHA-256 {TinyEn.Sha256}, got {WhisperTestModel.Sha256}", outcome.Message);
        Assert.Empty(WhisperFolder());
        Assert.Empty(PluginModels());
    }

    [Fact]
    public async Task NoVerifyInstallsWithAWarningAndThePluginThenOffersTheModel()
    {
        Assert.Empty(PluginModels());
        var outcome = await new WhisperInstaller(_http).InstallAsync(TinyEn, _models, WhisperTestModel.Path, verify: false, cancellationToken: Ct);

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Contains("NOT verified", outcome.Warning);
        Assert.Equal(["ggml-tiny.en.bin"], WhisperFolder());
        var model = Assert.IsType<WhisperRecognizer>(Assert.Single(PluginModels()));
        using (model)
        {
            Assert.Equal("whisper-tiny.en", model.Info.Name);
            Assert.Same(Transcript.Empty, await model.TranscribeAsync(new AudioBuffer(new short[16_000]), new TranscribeOptions(), Ct));
        }
    }

    [Fact]
    public void AFileStillBeingDownloadedIsNeverLoaded()
    {
        Directory.CreateDirectory(Path.Combine(_models, "whisper"));
        File.Copy(WhisperTestModel.Path, Path.Combine(_models, "whisper", "ggml-tiny.en.bin.0123456789abcdef.partial"));
        Assert.Empty(PluginModels());
    }

    [Fact]
    public async Task OfflineNamesTheUrlAndTheFromAlternative()
    {
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop(); // nothing listens there now: the connection is refused, as when offline

        var baseUrl = $"http://127.0.0.1:{port}/models/";
        var outcome = await new WhisperInstaller(_http).InstallAsync(TinyEn, _models, null, verify: true, baseUrl, Ct);

        Assert.False(outcome.Succeeded);
        Assert.Contains($"http://127.0.0.1:{port}/models/ggml-tiny.en.bin", outcome.Message);
        Assert.Contains("earshot models install whisper-tiny.en --from FILE", outcome.Message);
        Assert.Empty(WhisperFolder());
    }

    [Fact]
    public void CatalogueFindsNamesInEveryFormAndPointsAtTheOfficialFiles()
    {
        Assert.Equal("base.en", WhisperCatalog.Find("whisper-base.en")?.Variant);
        Assert.Equal("base.en", WhisperCatalog.Find("ggml-base.en.bin")?.Variant);
        Assert.Equal("small", WhisperCatalog.Find("SMALL")?.Variant);
        Assert.Null(WhisperCatalog.Find("large-v9"));
        Assert.Equal("https://huggingface.co/ggerganov/whisper.cpp/resolve/main/ggml-base.en.bin", WhisperCatalog.Find("base.en")!.DownloadUrl().ToString());
        Assert.All(WhisperCatalog.All, w => Assert.Matches("^[0-9a-f]{64}$", w.Sha256));
    }

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_models, recursive: true);
    }
}
