using Earshot.Engines.Tesseract;
using Earshot.Sdk;
using Earshot.Sdk.Models;

namespace Earshot.Engines.Tests.Tesseract;

public sealed class TesseractPluginTests
{
    private static IModel SingleModel(Dictionary<string, string?> settings) =>
        Assert.Single(new TesseractPlugin().CreateModels(new PluginContext("/nonexistent-models", settings)));

    [Fact]
    public void Defaults_give_the_english_model_from_debian_tessdata()
    {
        var model = SingleModel([]);
        using var _ = (IDisposable)model;

        Assert.IsType<TesseractRecognizer>(model);
        Assert.Equal("tesseract", model.Info.Name);
        Assert.Equal(ModelKind.ImageTextRecognizer, model.Info.Kind);
        Assert.Equal(["eng"], model.Info.Languages);
        Assert.StartsWith("5.", model.Info.Version);
        Assert.Equal(TesseractRecognizer.Version, model.Info.Version);
    }

    [Fact]
    public async Task Another_language_is_named_after_it_and_loaded_from_the_configured_tessdata()
    {
        // A tessdata folder whose only language is the English model under another code.
        var tessdata = Directory.CreateTempSubdirectory("earshot-tessdata-").FullName;
        try
        {
            File.CreateSymbolicLink(Path.Combine(tessdata, "xyz.traineddata"), Path.Combine(TesseractOptions.DebianTessdataPath, "eng.traineddata"));
            var model = SingleModel(new() { ["TessdataPath"] = tessdata, ["Language"] = "xyz", ["PoolSize"] = "1" });
            using var _ = (IDisposable)model;

            Assert.Equal("tesseract-xyz", model.Info.Name);
            Assert.Equal(["xyz"], model.Info.Languages);
            var text = await ((IImageTextRecognizer)model).RecognizeAsync(
                OcrManifest.Page("textract/quick_brown_fox.jpg").FullPath, TestContext.Current.CancellationToken);
            Assert.Equal("the quick brown fox jumps over the lazy dog", OcrText.CollapseWhitespace(text.Text));
        }
        finally
        {
            Directory.Delete(tessdata, recursive: true);
        }
    }

    [Fact]
    public void Settings_are_read_with_defaults_for_blanks()
    {
        var options = TesseractPlugin.OptionsFrom(new Dictionary<string, string?>
        {
            ["TessdataPath"] = " ", ["Language"] = "eng+deu", ["PoolSize"] = "3", ["OpenMpWithinPage"] = "true",
        });

        Assert.Equal(new TesseractOptions(TesseractOptions.DebianTessdataPath, "eng+deu", 3) { OpenMpWithinPage = true }, options);
        Assert.Equal(["eng", "deu"], options.Languages);
        Assert.Equal("tesseract-eng+deu", TesseractRecognizer.DefaultModelName(options.Language));
    }

    [Fact]
    public void A_language_without_traineddata_fails_at_start_up_with_a_clear_message()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SingleModel(new() { ["Language"] = "qqq" }));

        Assert.Contains("'qqq'", error.Message);
        Assert.Contains(TesseractOptions.DebianTessdataPath, error.Message);
    }

    [Fact]
    public void A_pool_size_below_one_is_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SingleModel(new() { ["PoolSize"] = "0" }));
}
