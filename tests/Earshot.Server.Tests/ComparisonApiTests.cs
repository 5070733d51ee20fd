using System.Net.Http.Json;
using System.Text.Json;
using Earshot.Audio;
using Earshot.Sdk.Models;
using Earshot.Server.Tests.Infrastructure;
using Earshot.Testing;

namespace Earshot.Server.Tests;

[Collection(SharedServerCollection.Name)]
public sealed class ComparisonApiTests(SharedServer factory)
{
    private const string Recording = "librispeech/3752-4944-0001.flac"; // ABANDONED INDEED BY GOD AND MAN ALMOST
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> CompareTextAsync(HttpClient client, Guid audio, params string[] text)
    {
        var created = await client.PostAsJsonAsync("/v1/comparison/audio/text/task", new { audio_file = audio, audio_model = "pocketsphinx", text }, Ct);
        created.EnsureSuccessStatusCode();
        var taskId = (await created.ReadJsonAsync()).GetProperty("task_id").GetGuid();
        var job = await client.WaitForJobAsync(taskId, TimeSpan.FromMinutes(5));
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        var result = await (await client.GetAsync($"/v1/comparison/audio/text/result?task_id={taskId}", Ct)).ReadJsonAsync();
        Assert.Equal(taskId, job.GetProperty("id").GetGuid());
        return result;
    }

    private static string[] Statuses(JsonElement result) =>
        result.GetProperty("words").EnumerateArray().Select(w => w.GetProperty("status").GetString()!).ToArray();

    [Fact]
    public async Task OnRecordingsTheClassifierNeverSawAReadingAsWrittenHasNoErrorsAndAMisreadWordIsFound()
    {
        var client = await factory.CreateUserClientAsync();
        // held out: ../shared/eval/speakers is never used to train or tune anything
        var audio = await client.UploadAudioAsync(RepositoryPaths.Speakers("audio/001200015.flac"));

        var correct = await CompareTextAsync(client, audio, "We were fortunate to get back into the ball game.");
        var misread = await CompareTextAsync(client, audio, "We were elephant to get back into the ball game.");

        Assert.All(Statuses(correct), s => Assert.Equal("correct", s));
        Assert.Equal(["correct", "correct", "substitution", "correct", "correct", "correct", "correct", "correct", "correct", "correct"], Statuses(misread));
    }

    [Fact]
    public async Task APageLongerThanAStretchIsFollowedThroughItsText()
    {
        var client = await factory.CreateUserClientAsync();
        var samples = SpeechManifest.Load().Where(s => s.File.StartsWith("librispeech/2412-", StringComparison.Ordinal)).ToList(); // 25.9 s
        var wav = Path.Combine(Path.GetTempPath(), $"earshot-page-{Guid.NewGuid():N}.wav");
        Guid audio;
        try
        {
            await SpeechConcat.BuildWavAsync(samples, samples.Sum(s => s.Duration) - 0.1, wav, Ct);
            audio = await client.UploadAudioAsync(wav);
        }
        finally
        {
            File.Delete(wav);
        }

        var result = await CompareTextAsync(client, audio, [.. samples.Select(s => s.Transcript)]);

        var words = result.GetProperty("words").EnumerateArray().ToList();
        var correct = Statuses(result).Count(s => s == "correct");
        Assert.True(correct >= words.Count * 0.9, $"{correct} of {words.Count} correct: {string.Join(",", Statuses(result))}");
        // the last sentence's words were found in its own part of the recording, past the first two (22.2 s)
        var last = words[^1];
        Assert.Equal("correct", last.GetProperty("status").GetString());
        Assert.InRange(last.GetProperty("start").GetDouble(), 22.2, 26);
    }

    [Fact]
    public async Task CorrectReadingHasFewErrorsAndPlayableWordClips()
    {
        var client = await factory.CreateUserClientAsync();
        var audio = await client.UploadAudioAsync(RepositoryPaths.Speech(Recording));

        var result = await CompareTextAsync(client, audio, "Abandoned indeed", "by God and man almost.");

        var words = result.GetProperty("words").EnumerateArray().ToList();
        Assert.Equal(7, words.Count);
        Assert.True(Statuses(result).Count(s => s == "correct") >= 6, string.Join(",", Statuses(result)));
        Assert.True(result.GetProperty("scores").GetProperty("accuracy").GetDouble() >= 85);
        Assert.InRange(result.GetProperty("scores").GetProperty("reading_time").GetDouble(), 2, 4.5);
        Assert.True(result.GetProperty("scores").GetProperty("words_correct_per_minute").GetDouble() > 60);
        // "God" starts at character 3 of the second line: offsets point into the lines joined by a newline
        Assert.Equal("Abandoned indeed\nby God and man almost.".IndexOf("God", StringComparison.Ordinal), words[3].GetProperty("at_char").GetInt32());
        var clip = words[3].GetProperty("clip").GetGuid();
        var download = await client.GetAsync($"/v1/audio/download?file={clip}", Ct);
        Assert.True(download.IsSuccessStatusCode, $"clip download: {(int)download.StatusCode}");
        Assert.True(words[3].GetProperty("end").GetDouble() > words[3].GetProperty("start").GetDouble());
    }

    [Fact]
    public async Task AlteredWordsAreReportedAndTeacherOverrideRescores()
    {
        var client = await factory.CreateUserClientAsync();
        var audio = await client.UploadAudioAsync(RepositoryPaths.Speech(Recording));

        // "GOD" replaced by "SUGAR" (misread) and "YELLOW" added (never said: skipped)
        var result = await CompareTextAsync(client, audio, "abandoned indeed by sugar and man yellow almost");

        var statuses = Statuses(result);
        Assert.Equal("substitution", statuses[3]);
        Assert.Equal("omission", statuses[6]);
        var errors = result.GetProperty("errors").EnumerateArray().ToList();
        Assert.Contains(errors, e => e.GetProperty("expected").GetString() == "sugar" && e.GetProperty("found").GetString() == "god");
        var accuracy = result.GetProperty("scores").GetProperty("accuracy").GetDouble();
        Assert.True(accuracy <= 75, $"accuracy {accuracy}");

        var taskId = (await (await client.GetAsync("/v1/jobs?kind=comparison.audio_text", Ct)).ReadJsonAsync()).GetProperty("items")[0].GetProperty("id").GetGuid();
        var patched = await client.PatchAsJsonAsync($"/v1/comparison/{taskId}/words/3", new { status = "correct" }, Ct);
        patched.EnsureSuccessStatusCode();
        var rescored = await patched.ReadJsonAsync();
        Assert.Equal("correct", Statuses(rescored)[3]);
        Assert.Equal(Math.Round(accuracy + 100.0 / 8, 1), rescored.GetProperty("scores").GetProperty("accuracy").GetDouble(), 1);
        Assert.DoesNotContain(rescored.GetProperty("errors").EnumerateArray(), e => e.GetProperty("expected").GetString() == "sugar");
        var stored = await (await client.GetAsync($"/v1/comparison/audio/text/result?task_id={taskId}", Ct)).ReadJsonAsync();
        Assert.Equal("correct", Statuses(stored)[3]);

        await (await client.PatchAsJsonAsync($"/v1/comparison/{taskId}/words/99", new { status = "correct" }, Ct)).AssertProblemAsync(404);
        foreach (var undefined in new[] { 99, -7 })
            await (await client.PatchAsJsonAsync($"/v1/comparison/{taskId}/words/3", new { status = undefined }, Ct)).AssertProblemAsync(422, "status must be one of");
        Assert.Equal("correct", Statuses(await (await client.GetAsync($"/v1/comparison/audio/text/result?task_id={taskId}", Ct)).ReadJsonAsync())[3]);
        var other = await factory.CreateUserClientAsync();
        await (await other.PatchAsJsonAsync($"/v1/comparison/{taskId}/words/3", new { status = "omission" }, Ct)).AssertProblemAsync(404);
    }

    [Fact]
    public async Task SilenceOmitsEveryWordWithZeroScores()
    {
        var client = await factory.CreateUserClientAsync();
        var wav = Path.Combine(Path.GetTempPath(), $"earshot-silence-{Guid.NewGuid():N}.wav");
        WavFile.Write(wav, new AudioBuffer(new short[AudioBuffer.CanonicalSampleRate * 2]));
        try
        {
            var audio = await client.UploadAudioAsync(wav);
            var result = await CompareTextAsync(client, audio, "the cat sat on the mat");

            Assert.All(Statuses(result), s => Assert.Equal("omission", s));
            var scores = result.GetProperty("scores");
            Assert.Equal(0, scores.GetProperty("accuracy").GetDouble());
            Assert.Equal(0, scores.GetProperty("completeness").GetDouble());
            Assert.Equal(0, scores.GetProperty("words_correct_per_minute").GetDouble());
        }
        finally
        {
            File.Delete(wav);
        }
    }

    [Fact]
    public async Task TooLongTextOrForeignFilesAreRefused()
    {
        var client = await factory.CreateUserClientAsync();
        var audio = await client.UploadAudioAsync(RepositoryPaths.Speech(Recording));
        var longText = string.Join(' ', Enumerable.Repeat("word", 1500));
        await (await client.PostAsJsonAsync("/v1/comparison/audio/text/task", new { audio_file = audio, audio_model = "pocketsphinx", text = new[] { longText } }, Ct))
            .AssertProblemAsync(422, "characters");

        var other = await factory.CreateUserClientAsync();
        await (await other.PostAsJsonAsync("/v1/comparison/audio/text/task", new { audio_file = audio, audio_model = "pocketsphinx", text = new[] { "hello" } }, Ct))
            .AssertProblemAsync(404);
        var png = TestImages.RenderTextToTemp("Abandoned indeed");
        try
        {
            var image = (await (await client.UploadAsync("/v1/image/upload", png)).ReadJsonAsync()).GetProperty("file_id").GetGuid();
            var otherAudio = await other.UploadAudioAsync(RepositoryPaths.Speech(Recording));
            await (await other.PostAsJsonAsync("/v1/comparison/audio/image/task",
                new { audio_file = otherAudio, image_file = image, audio_model = "pocketsphinx", image_model = "tesseract" }, Ct)).AssertProblemAsync(404, "image");
        }
        finally
        {
            File.Delete(png);
        }
    }

    [Fact]
    public async Task PagePhotoIsReadAndWordsArePlacedOnIt()
    {
        var client = await factory.CreateUserClientAsync();
        var audio = await client.UploadAudioAsync(RepositoryPaths.Speech(Recording));
        var png = TestImages.RenderTextToTemp("Abandoned indeed by God and man almost.");
        try
        {
            var image = (await (await client.UploadAsync("/v1/image/upload", png)).ReadJsonAsync()).GetProperty("file_id").GetGuid();
            var created = await (await client.PostAsJsonAsync("/v1/comparison/audio/image/task",
                new { audio_file = audio, image_file = image, audio_model = "pocketsphinx", image_model = "tesseract" }, Ct)).ReadJsonAsync();
            var taskId = created.GetProperty("task_id").GetGuid();
            Assert.Equal("succeeded", (await client.WaitForJobAsync(taskId, TimeSpan.FromSeconds(90))).GetProperty("status").GetString());
            var result = await (await client.GetAsync($"/v1/comparison/audio/image/result?task_id={taskId}", Ct)).ReadJsonAsync();

            Assert.Contains("Abandoned", result.GetProperty("image").GetProperty("text").GetString());
            var words = result.GetProperty("words").EnumerateArray().ToList();
            Assert.Equal(7, words.Count);
            Assert.True(Statuses(result).Count(s => s == "correct") >= 6, string.Join(",", Statuses(result)));
            double Left(JsonElement w) => w.GetProperty("box").GetProperty("left_top").GetProperty("x").GetDouble();
            Assert.All(words, w => Assert.Equal(JsonValueKind.Object, w.GetProperty("box").ValueKind));
            Assert.True(Left(words[0]) < Left(words[1]) && Left(words[1]) < Left(words[2]), "boxes run left to right");
        }
        finally
        {
            File.Delete(png);
        }
    }

    [Fact]
    public async Task PageWithoutTextIs422AndStoresNoClips()
    {
        var client = await factory.CreateUserClientAsync();
        var audio = await client.UploadAudioAsync(RepositoryPaths.Speech(Recording));
        var png = Path.Combine(Path.GetTempPath(), $"earshot-blank-{Guid.NewGuid():N}.png");
        TestImages.RenderBlank(png, 400, 300);
        try
        {
            var image = (await (await client.UploadAsync("/v1/image/upload", png)).ReadJsonAsync()).GetProperty("file_id").GetGuid();
            var filesBefore = factory.StoredFiles().Length;
            var created = await (await client.PostAsJsonAsync("/v1/comparison/audio/image/task",
                new { audio_file = audio, image_file = image, audio_model = "pocketsphinx", image_model = "tesseract" }, Ct)).ReadJsonAsync();
            var taskId = created.GetProperty("task_id").GetGuid();
            Assert.Equal("failed", (await client.WaitForJobAsync(taskId, TimeSpan.FromSeconds(60))).GetProperty("status").GetString());

            await (await client.GetAsync($"/v1/comparison/audio/image/result?task_id={taskId}", Ct)).AssertProblemAsync(422, "no text found in image");
            Assert.Equal(filesBefore, factory.StoredFiles().Length);
        }
        finally
        {
            File.Delete(png);
        }
    }
}
