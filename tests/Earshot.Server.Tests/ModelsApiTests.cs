using System.Net.Http.Json;
using System.Text.Json;
using Earshot.Server.Tests.Infrastructure;
using Earshot.Testing;

namespace Earshot.Server.Tests;

[Collection(SharedServerCollection.Name)]
public sealed class ModelsApiTests(SharedServer factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ImageModelsListTesseractInTheCompatShape()
    {
        var client = await factory.CreateUserClientAsync();
        var models = (await (await client.GetAsync("/v1/image/models", Ct)).ReadJsonAsync()).GetProperty("models");
        var tesseract = models.EnumerateArray().Single(m => m.GetProperty("name").GetString() == "tesseract");
        Assert.Contains("eng", tesseract.GetProperty("languages").EnumerateArray().Select(l => l.GetString()));
        Assert.False(string.IsNullOrWhiteSpace(tesseract.GetProperty("description").GetString()));

        var all = (await (await client.GetAsync("/v1/models", Ct)).ReadJsonAsync()).GetProperty("models");
        Assert.Contains(all.EnumerateArray(), m => m.GetProperty("name").GetString() == "tesseract"
            && m.GetProperty("kind").GetString() == "image_text_recognizer" && m.GetProperty("version").GetString()!.StartsWith('5'));
    }

    [Fact]
    public async Task RenderedPageIsReadBackWithBoxesInsideTheImage()
    {
        var client = await factory.CreateUserClientAsync();
        var png = TestImages.RenderTextToTemp("The quick brown fox jumps over the lazy dog.", PhotoDistortion.None, 1);
        var upload = await (await client.UploadAsync("/v1/image/upload", png)).ReadJsonAsync();
        var (width, height) = (upload.GetProperty("width").GetInt32(), upload.GetProperty("height").GetInt32());

        var task = await (await client.PostAsJsonAsync("/v1/image/process/task",
            new { image_file = upload.GetProperty("file_id").GetGuid(), image_model = "tesseract" }, Ct)).ReadJsonAsync();
        var job = await client.WaitForJobAsync(task.GetProperty("task_id").GetGuid());
        Assert.Equal("succeeded", job.GetProperty("status").GetString());

        var result = await (await client.GetAsync($"/v1/image/process/result?task_id={task.GetProperty("task_id").GetGuid()}", Ct)).ReadJsonAsync();
        Assert.Equal("The quick brown fox jumps over the lazy dog.", result.GetProperty("text").GetString()!.Trim());
        var boxes = result.GetProperty("boxes").EnumerateArray().ToList();
        Assert.Equal(9, boxes.Count);
        Assert.All(boxes, b =>
        {
            foreach (var corner in new[] { "left_top", "right_top", "left_bottom", "right_bottom" })
            {
                var p = b.GetProperty("coordinates").GetProperty(corner);
                Assert.InRange(p.GetProperty("x").GetDouble(), 0, width);
                Assert.InRange(p.GetProperty("y").GetDouble(), 0, height);
            }
            Assert.InRange(b.GetProperty("confidence").GetDouble(), 0.5, 1);
        });
    }

    [Fact]
    public async Task BlankImageGivesEmptyTextNotAnError()
    {
        var client = await factory.CreateUserClientAsync();
        var png = Path.Combine(Directory.CreateTempSubdirectory().FullName, "blank.png");
        TestImages.RenderBlank(png, 400, 300);
        var id = (await (await client.UploadAsync("/v1/image/upload", png)).ReadJsonAsync()).GetProperty("file_id").GetGuid();

        var task = await (await client.PostAsJsonAsync("/v1/image/process/task", new { image_file = id, image_model = "tesseract" }, Ct)).ReadJsonAsync();
        var job = await client.WaitForJobAsync(task.GetProperty("task_id").GetGuid());
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal("", job.GetProperty("result").GetProperty("text").GetString());
        Assert.Equal(0, job.GetProperty("result").GetProperty("boxes").GetArrayLength());
    }

    [Fact]
    public async Task UnknownImageModelIs404WithTheAvailableNames()
    {
        var client = await factory.CreateUserClientAsync();
        var png = TestImages.RenderTextToTemp("hello", PhotoDistortion.None, 1);
        var id = (await (await client.UploadAsync("/v1/image/upload", png)).ReadJsonAsync()).GetProperty("file_id").GetGuid();
        var response = await client.PostAsJsonAsync("/v1/image/process/task", new { image_file = id, image_model = "nonesuch" }, Ct);
        await response.AssertProblemAsync(404, "tesseract");
    }
}

/// <summary>Drop-in plugins from a plugins directory, each in its own load context.</summary>
public sealed class PluginLoadingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string ExamplePluginOutput()
    {
        // tests/…/bin/<Configuration>/net10.0/ → the sample plugin's own output for the same configuration.
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        return Path.Combine(RepositoryPaths.Root, "plugins", "examples", "Earshot.Plugins.EnergyVad", "bin", configuration, "net10.0");
    }

    private static string PluginsDirectoryWithExample()
    {
        var plugins = Directory.CreateTempSubdirectory("earshot-plugins-").FullName;
        var target = Directory.CreateDirectory(Path.Combine(plugins, "Earshot.Plugins.EnergyVad")).FullName;
        foreach (var file in Directory.GetFiles(ExamplePluginOutput()))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        return plugins;
    }

    [Fact]
    public async Task SamplePluginIsLoadedAndListed()
    {
        var plugins = PluginsDirectoryWithExample();
        Assert.False(File.Exists(Path.Combine(plugins, "Earshot.Plugins.EnergyVad", "Earshot.Sdk.dll")), "the plugin must not ship the SDK");
        await using var factory = new EarshotFactory(new Dictionary<string, string?> { ["Models:PluginsDirectory"] = plugins });
        var client = await factory.CreateUserClientAsync();

        var models = await (await client.GetAsync("/v1/models", Ct)).ReadJsonAsync();
        var vad = models.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "energy-vad");
        Assert.Equal("voice_activity_detector", vad.GetProperty("kind").GetString());
        Assert.Equal(0, models.GetProperty("failures").GetArrayLength());
    }

    [Fact]
    public async Task BrokenPluginsAreReportedAndTheServerKeepsRunning()
    {
        var plugins = PluginsDirectoryWithExample();
        File.WriteAllBytes(Path.Combine(plugins, "garbage.dll"), [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7))]);
        await using var factory = new EarshotFactory(new Dictionary<string, string?>
        {
            ["Models:PluginsDirectory"] = plugins,
            ["Models:Builtin:EnergyVadPlugin:FailOnLoad"] = "true",
        });
        var client = await factory.CreateUserClientAsync();

        var models = await (await client.GetAsync("/v1/models", Ct)).ReadJsonAsync();
        var failures = models.GetProperty("failures").EnumerateArray().Select(f => f.GetProperty("source").GetString() + " " + f.GetProperty("error").GetString()).ToList();
        Assert.Contains(failures, f => f.Contains("garbage.dll") && f.Contains("BadImageFormat"));
        Assert.Contains(failures, f => f.Contains("EnergyVadPlugin") && f.Contains("FailOnLoad"));
        Assert.Contains(models.GetProperty("models").EnumerateArray(), m => m.GetProperty("name").GetString() == "tesseract");

        var health = await (await client.GetAsync("/health", Ct)).ReadJsonAsync();
        Assert.Equal("Degraded", health.GetProperty("status").GetString());
        Assert.Contains("garbage.dll", health.GetProperty("checks").GetProperty("models").GetRawText());
    }
}
