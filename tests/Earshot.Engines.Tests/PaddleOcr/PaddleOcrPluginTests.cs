using Earshot.Engines.PaddleOcr;
using Earshot.Sdk;
using Earshot.Sdk.Models;
using Earshot.Testing;

namespace Earshot.Engines.Tests.PaddleOcr;

public sealed class PaddleOcrPluginTests
{
    [Fact]
    public void DefaultSettingsLoadPpocrFromTheModelsDirectory()
    {
        var models = new PaddleOcrPlugin().CreateModels(new PluginContext(RepositoryPaths.Models, new Dictionary<string, string?>())).ToList();

        var model = Assert.Single(models);
        Assert.IsAssignableFrom<IImageTextRecognizer>(model);
        Assert.Equal(new ModelInfo("ppocr", ModelKind.ImageTextRecognizer, ["en", "zh"], model.Info.Description, "PP-OCRv4"), model.Info,
            new ModelInfoComparer());
        ((IDisposable)model).Dispose();
    }

    [Fact]
    public void SettingsRenameTheModelAndPointAtAnotherDirectory()
    {
        var assets = Path.Combine(RepositoryPaths.Models, "ppocr", "assets");
        var settings = new Dictionary<string, string?> { ["ModelsDirectory"] = assets, ["Name"] = "ppocr-fast", ["DetectionMaxSide"] = "640" };

        var model = Assert.Single(new PaddleOcrPlugin().CreateModels(new PluginContext("/nonexistent", settings)));

        Assert.Equal("ppocr-fast", model.Info.Name);
        ((IDisposable)model).Dispose();
    }

    [Fact]
    public void MissingModelFilesAreReportedByPath()
    {
        var settings = new Dictionary<string, string?> { ["ModelsDirectory"] = "/nonexistent/ppocr" };

        var error = Assert.Throws<FileNotFoundException>(() => new PaddleOcrPlugin().CreateModels(new PluginContext("/nonexistent", settings)).ToList());

        Assert.StartsWith("/nonexistent/ppocr", error.FileName);
    }

    private sealed class ModelInfoComparer : IEqualityComparer<ModelInfo>
    {
        public bool Equals(ModelInfo? x, ModelInfo? y) =>
            x!.Name == y!.Name && x.Kind == y.Kind && x.Languages.SequenceEqual(y.Languages) && x.Version == y.Version;

        public int GetHashCode(ModelInfo obj) => obj.Name.GetHashCode();
    }
}
