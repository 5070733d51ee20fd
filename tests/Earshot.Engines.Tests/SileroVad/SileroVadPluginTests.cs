using Earshot.Engines.SileroVad;
using Earshot.Sdk;
using Earshot.Sdk.Models;
using Earshot.Testing;

namespace Earshot.Engines.Tests.SileroVad;

public sealed class SileroVadPluginTests
{
    [Fact]
    public void DefaultSettingsLoadTheModelFromTheModelsDirectory()
    {
        var model = Assert.Single(new SileroVadPlugin().CreateModels(new PluginContext(RepositoryPaths.Models, new Dictionary<string, string?>())));

        var detector = Assert.IsType<SileroVoiceActivityDetector>(model);
        Assert.Equal("silero-vad", detector.Info.Name);
        Assert.Equal("1.0.3 npm (silero v5)", detector.Info.Version);
        Assert.Equal(0.5f, detector.Options.Threshold);
        Assert.Equal(TimeSpan.FromMilliseconds(250), detector.Options.MinSpeech);
        detector.Dispose();
    }

    [Fact]
    public void SettingsOverrideNamePathAndRules()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ModelPath"] = SileroVadFixture.ModelPath,
            ["Name"] = "silero-strict",
            ["Threshold"] = "0.7",
            ["MinSilenceMs"] = "300",
        };

        var detector = Assert.IsType<SileroVoiceActivityDetector>(
            Assert.Single(new SileroVadPlugin().CreateModels(new PluginContext("/nonexistent", settings))));

        Assert.Equal("silero-strict", detector.Info.Name);
        Assert.Equal(0.7f, detector.Options.Threshold);
        Assert.Equal(TimeSpan.FromMilliseconds(300), detector.Options.MinSilence);
        detector.Dispose();
    }

    [Fact]
    public void MissingModelFileIsReportedByPath()
    {
        var error = Assert.Throws<FileNotFoundException>(() =>
            new SileroVadPlugin().CreateModels(new PluginContext("/nonexistent", new Dictionary<string, string?>())).ToList());

        Assert.Equal("/nonexistent/silero-vad/weights/silero_vad.onnx", error.FileName);
    }
}
