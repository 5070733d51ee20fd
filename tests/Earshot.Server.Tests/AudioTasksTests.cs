using System.Net.Http.Json;
using Earshot.Audio;
using Earshot.Server.Tests.Infrastructure;
using Earshot.Testing;

namespace Earshot.Server.Tests;

[Collection(SharedServerCollection.Name)]
public sealed class AudioTasksTests(SharedServer factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AudioProcessReturnsTextSegmentsWithTheirOwnFilesAndWordTimings()
    {
        var client = await factory.CreateUserClientAsync();
        var file = await client.UploadAudioAsync(RepositoryPaths.Speech("jfk/jfk.wav"));

        var task = (await (await client.PostAsJsonAsync("/v1/audio/process/task", new { audio_file = file, audio_model = "pocketsphinx" }, Ct)).ReadJsonAsync())
            .GetProperty("task_id").GetGuid();
        Assert.Equal("succeeded", (await client.WaitForJobAsync(task, TimeSpan.FromSeconds(120))).GetProperty("status").GetString());
        var result = await (await client.GetAsync($"/v1/audio/process/result?task_id={task}", Ct)).ReadJsonAsync();

        var text = result.GetProperty("text").GetString()!;
        Assert.Contains("country", text);
        Assert.Contains("americans", text);
        var segments = result.GetProperty("segments").EnumerateArray().ToList();
        Assert.NotEmpty(segments);
        var previousEnd = 0.0;
        foreach (var segment in segments)
        {
            var (start, end) = (segment.GetProperty("start").GetDouble(), segment.GetProperty("end").GetDouble());
            Assert.True(start >= previousEnd - 1e-6 && end > start && end <= 11.1, $"segment {start}-{end}");
            previousEnd = end;

            var clip = Path.Combine(Directory.CreateTempSubdirectory().FullName, "clip.wav");
            File.WriteAllBytes(clip, await client.GetByteArrayAsync($"/v1/audio/download?file={segment.GetProperty("file").GetGuid()}", Ct));
            Assert.InRange(WavFile.Read(clip).DurationSeconds, end - start - 0.01, end - start + 0.01);
        }
        var words = result.GetProperty("words").EnumerateArray().ToList();
        Assert.Contains(words, w => w.GetProperty("word").GetString() == "country" && w.GetProperty("start").GetDouble() is > 8 and < 11);
        Assert.All(words, w => Assert.InRange(w.GetProperty("conf").GetDouble(), 0, 1));
        Assert.Equal("pocketsphinx", result.GetProperty("model").GetString());
    }

    [Fact]
    public async Task SilentAudioGivesEmptyTextNotAnError()
    {
        var client = await factory.CreateUserClientAsync();
        var silence = Path.Combine(Directory.CreateTempSubdirectory().FullName, "silence.wav");
        WavFile.Write(silence, new Earshot.Sdk.Models.AudioBuffer(new short[16000 * 2]));
        var file = await client.UploadAudioAsync(silence);

        var task = (await (await client.PostAsJsonAsync("/v1/audio/process/task", new { audio_file = file, audio_model = "pocketsphinx" }, Ct)).ReadJsonAsync())
            .GetProperty("task_id").GetGuid();
        var job = await client.WaitForJobAsync(task);
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal("", job.GetProperty("result").GetProperty("text").GetString());
        Assert.Equal(0, job.GetProperty("result").GetProperty("segments").GetArrayLength());
    }

    [Fact]
    public async Task ExtractFindsASpokenPhraseAndNotAnAbsentOne()
    {
        var client = await factory.CreateUserClientAsync();
        var file = await client.UploadAudioAsync(RepositoryPaths.Speech("jfk/jfk.wav"));

        var task = (await (await client.PostAsJsonAsync("/v1/audio/extract/task",
                new { audio_file = file, audio_model = "pocketsphinx", phrases = new[] { "ask not what your country can do", "purple elephant banana" } }, Ct))
            .ReadJsonAsync()).GetProperty("task_id").GetGuid();
        Assert.Equal("succeeded", (await client.WaitForJobAsync(task, TimeSpan.FromSeconds(120))).GetProperty("status").GetString());
        var data = (await (await client.GetAsync($"/v1/audio/extract/result?task_id={task}", Ct)).ReadJsonAsync()).GetProperty("data").EnumerateArray().ToList();

        Assert.True(data[0].GetProperty("found").GetBoolean());
        var segment = data[0].GetProperty("audio_segment");
        Assert.InRange(segment.GetProperty("start").GetDouble(), 3, 9);
        Assert.NotEqual(Guid.Empty, segment.GetProperty("file").GetGuid());
        Assert.False(data[1].GetProperty("found").GetBoolean());
    }

    [Fact]
    public async Task UnknownAudioModelIs404ListingTheAvailableOnes()
    {
        var client = await factory.CreateUserClientAsync();
        var file = await client.UploadAudioAsync(RepositoryPaths.Speech("jfk/jfk.wav"));
        await (await client.PostAsJsonAsync("/v1/audio/process/task", new { audio_file = file, audio_model = "whisper-huge" }, Ct))
            .AssertProblemAsync(404, "pocketsphinx");
    }

    [Fact]
    public async Task ExtractWithoutPhrasesIs422()
    {
        var client = await factory.CreateUserClientAsync();
        var file = await client.UploadAudioAsync(RepositoryPaths.Speech("jfk/jfk.wav"));
        await (await client.PostAsJsonAsync("/v1/audio/extract/task", new { audio_file = file, audio_model = "pocketsphinx", phrases = Array.Empty<string>() }, Ct))
            .AssertProblemAsync(422, "phrases");
    }

    [Fact]
    public async Task AudioModelsListPocketSphinx()
    {
        var client = await factory.CreateUserClientAsync();
        var models = (await (await client.GetAsync("/v1/audio/models", Ct)).ReadJsonAsync()).GetProperty("models");
        Assert.Contains(models.EnumerateArray(), m => m.GetProperty("name").GetString() == "pocketsphinx");
    }

    [Fact]
    public async Task AudioModelsListTheLearnersVariantWithItsOwnAcousticModel()
    {
        var client = await factory.CreateUserClientAsync();
        var models = (await (await client.GetAsync("/v1/audio/models", Ct)).ReadJsonAsync()).GetProperty("models");
        var learners = models.EnumerateArray().Single(m => m.GetProperty("name").GetString() == "pocketsphinx-learners");
        Assert.Contains(Path.Combine(RepositoryPaths.Models, "pocketsphinx-learners"), learners.GetProperty("description").GetString());
    }
}

public sealed class ChunkedAudioTasksTests
{
    [Fact]
    public async Task AudioProcessTranscribesALongRecordingChunkByChunkOnTheRecordingsClock()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new EarshotFactory(new Dictionary<string, string?> { ["Recordings:ChunkSeconds"] = "10" });
        var client = await factory.CreateUserClientAsync();
        var jfk = RepositoryPaths.Speech("jfk/jfk.wav");
        var twice = Path.Combine(Directory.CreateTempSubdirectory("earshot-twice-").FullName, "twice.wav");
        var joined = await ProcessRunner.RunAsync("ffmpeg", ["-nostdin", "-v", "error", "-y", "-i", jfk, "-i", jfk, "-filter_complex",
            "[0:a][1:a]concat=n=2:v=0:a=1", "-ac", "1", "-ar", "16000", twice], ct);
        Assert.True(joined.ExitCode == 0, joined.StandardError);
        var file = await client.UploadAudioAsync(twice);

        var task = (await (await client.PostAsJsonAsync("/v1/audio/process/task", new { audio_file = file, audio_model = "pocketsphinx" }, ct)).ReadJsonAsync())
            .GetProperty("task_id").GetGuid();
        Assert.Equal("succeeded", (await client.WaitForJobAsync(task, TimeSpan.FromSeconds(180))).GetProperty("status").GetString());
        var result = await (await client.GetAsync($"/v1/audio/process/result?task_id={task}", ct)).ReadJsonAsync();

        // "americans" is said about 2 s into each copy, away from the cuts (which fall at pauses 8-10 s into each 10 s chunk)
        var americans = result.GetProperty("words").EnumerateArray().Where(w => w.GetProperty("word").GetString() == "americans")
            .Select(w => w.GetProperty("start").GetDouble()).ToList();
        Assert.True(americans.Count == 2 && americans[0] is > 0 and < 5 && americans[1] is > 11 and < 16, string.Join(", ", americans));
        var last = result.GetProperty("segments").EnumerateArray().Last();
        var clip = Path.Combine(Directory.CreateTempSubdirectory().FullName, "clip.wav");
        File.WriteAllBytes(clip, await client.GetByteArrayAsync($"/v1/audio/download?file={last.GetProperty("file").GetGuid()}", ct));
        Assert.InRange(WavFile.Read(clip).DurationSeconds, last.GetProperty("end").GetDouble() - last.GetProperty("start").GetDouble() - 0.01,
            last.GetProperty("end").GetDouble() - last.GetProperty("start").GetDouble() + 0.01);
    }
}
