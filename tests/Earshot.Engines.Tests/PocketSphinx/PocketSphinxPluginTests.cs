using Earshot.Engines.PocketSphinx;
using Earshot.Sdk;
using Earshot.Sdk.Models;

namespace Earshot.Engines.Tests.PocketSphinx;

public class PocketSphinxPluginTests
{
    [Fact]
    public void DefaultsToTheDebianModel()
    {
        var models = new PocketSphinxPlugin().CreateModels(new PluginContext("/nonexistent-models", new Dictionary<string, string?> { ["PoolSize"] = "1" })).ToList();
        try
        {
            var recognizer = Assert.IsType<PocketSphinxRecognizer>(Assert.Single(models));
            Assert.Equal("pocketsphinx", recognizer.Info.Name);
            Assert.Equal(ModelKind.SpeechRecognizer, recognizer.Info.Kind);
            Assert.Equal("0.8+5prealpha", recognizer.Info.Version);
            Assert.Equal(["en"], recognizer.Info.Languages);
            Assert.Equal(1, recognizer.Options.PoolSize);
            Assert.Equal(Path.Combine(PocketSphinxOptions.DebianModelDirectory, "en-us.lm.bin"), recognizer.Options.LanguageModelPath);
        }
        finally
        {
            models.OfType<IDisposable>().ToList().ForEach(m => m.Dispose());
        }
    }

    [Fact]
    public void SettingsNameAVariantAndResolvePathsAgainstTheModelsDirectory()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Name"] = "pocketsphinx-fast-endpoint",
            ["ModelPath"] = "en-us",
            ["LanguageModel"] = "en-us.lm.bin",
            ["Dictionary"] = "cmudict-en-us.dict",
            ["PoolSize"] = "1",
            ["EndOfUtteranceSilence"] = "0.3",
        };

        var models = new PocketSphinxPlugin().CreateModels(new PluginContext(PocketSphinxOptions.DebianModelDirectory, settings)).ToList();
        try
        {
            var recognizer = Assert.IsType<PocketSphinxRecognizer>(Assert.Single(models));
            Assert.Equal("pocketsphinx-fast-endpoint", recognizer.Info.Name);
            Assert.Equal(0.3, recognizer.Options.EndOfUtteranceSilenceSeconds);
            Assert.Equal(Path.Combine(PocketSphinxOptions.DebianModelDirectory, "en-us"), recognizer.Options.AcousticModelPath);
        }
        finally
        {
            models.OfType<IDisposable>().ToList().ForEach(m => m.Dispose());
        }
    }

    [Fact]
    public void MissingModelFilesFailClearly()
    {
        var context = new PluginContext("/tmp", new Dictionary<string, string?> { ["ModelPath"] = "/nonexistent/en-us" });

        var error = Assert.Throws<FileNotFoundException>(() => new PocketSphinxPlugin().CreateModels(context).ToList());
        Assert.Contains("/nonexistent/en-us", error.Message);
    }

    [Fact]
    public void DisabledPluginCreatesNothing()
    {
        var context = new PluginContext("/tmp", new Dictionary<string, string?> { ["Enabled"] = "false" });

        Assert.Empty(new PocketSphinxPlugin().CreateModels(context));
    }
}
