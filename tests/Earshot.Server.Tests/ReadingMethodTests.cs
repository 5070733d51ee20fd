using System.Net.Http.Json;
using Earshot.Server.Tests.Infrastructure;
using Earshot.Testing;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Tests;

/// <summary>Choosing the reading method (<c>Reading:Method</c>): another method than the default classifier, and a name that is none.</summary>
public sealed class ReadingMethodTests
{
    [Fact]
    public async Task TheJointGopMethodFindsAMisreadWordAndLeavesTheRestCorrect()
    {
        var ct = TestContext.Current.CancellationToken;
        // only the models a reading needs, one decoder per pool: the job's decodes run one after another, and no OCR
        // model or second decoder loads beside them on a busy 2-core machine
        await using var factory = new EarshotFactory(new Dictionary<string, string?>
        {
            ["Reading:Method"] = "joint+gop",
            ["Models:Disabled:0"] = "tesseract",
            ["Models:Disabled:1"] = "ppocr",
            ["Models:Builtin:pocketsphinx:PoolSize"] = "1",
        });
        var client = await factory.CreateUserClientAsync();
        var audio = await client.UploadAudioAsync(RepositoryPaths.Speech("librispeech/3752-4944-0001.flac")); // ABANDONED INDEED BY GOD AND MAN ALMOST

        var created = await client.PostAsJsonAsync("/v1/comparison/audio/text/task",
            new { audio_file = audio, audio_model = "pocketsphinx", text = new[] { "abandoned indeed by sugar and man almost" } }, ct);
        created.EnsureSuccessStatusCode();
        var taskId = (await created.ReadJsonAsync()).GetProperty("task_id").GetGuid();
        Assert.Equal("succeeded", (await client.WaitForJobAsync(taskId, TimeSpan.FromMinutes(5))).GetProperty("status").GetString());
        var result = await (await client.GetAsync($"/v1/comparison/audio/text/result?task_id={taskId}", ct)).ReadJsonAsync();

        var statuses = result.GetProperty("words").EnumerateArray().Select(w => w.GetProperty("status").GetString()).ToArray();
        Assert.Equal(["correct", "correct", "correct", "substitution", "correct", "correct", "correct"], statuses);
        Assert.Contains(result.GetProperty("errors").EnumerateArray(), e => e.GetProperty("expected").GetString() == "sugar");
    }

    [Theory]
    [InlineData("jointgop")]
    [InlineData("")]
    public async Task AnUnknownMethodStopsTheServerAtStartUp(string method)
    {
        await using var factory = new EarshotFactory(new Dictionary<string, string?> { ["Reading:Method"] = method });

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());
        Assert.Contains("Reading:Method must be one of classifier, joint+gop", error.Message);
    }
}
