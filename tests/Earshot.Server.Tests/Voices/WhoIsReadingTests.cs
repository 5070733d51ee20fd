using System.Net;
using System.Net.Http.Json;
using Earshot.Server.Tests.Infrastructure;
using Earshot.Testing;

namespace Earshot.Server.Tests.Voices;

[Collection(SharedServerCollection.Name)]
public sealed class WhoIsReadingTests(SharedServer factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadingComparisonScoresTheNamedEnrolledSpeaker()
    {
        var client = await factory.CreateUserClientAsync();
        var enrolment = await client.UploadAudioAsync(RepositoryPaths.Speech(VoiceAudio.SpeakerA1));
        Assert.Equal(HttpStatusCode.Created,
            (await client.PostAsJsonAsync("/v1/voices", new { external_id = "pupil", files = new[] { enrolment } }, Ct)).StatusCode);
        var reading = await client.UploadAudioAsync(RepositoryPaths.Speech(VoiceAudio.SpeakerA2)); // ABANDONED INDEED BY GOD AND MAN ALMOST

        await (await client.PostAsJsonAsync("/v1/comparison/audio/text/task",
            new { audio_file = reading, audio_model = "pocketsphinx", text = new[] { "abandoned" }, speaker = "nobody" }, Ct)).AssertProblemAsync(404, "nobody");

        var created = await client.PostAsJsonAsync("/v1/comparison/audio/text/task",
            new { audio_file = reading, audio_model = "pocketsphinx", text = new[] { "Abandoned indeed by God and man almost." }, speaker = "pupil" }, Ct);
        created.EnsureSuccessStatusCode();
        var taskId = (await created.ReadJsonAsync()).GetProperty("task_id").GetGuid();
        Assert.Equal("succeeded", (await client.WaitForJobAsync(taskId, TimeSpan.FromSeconds(90))).GetProperty("status").GetString());
        var result = await (await client.GetAsync($"/v1/comparison/audio/text/result?task_id={taskId}", Ct)).ReadJsonAsync();

        var speaker = result.GetProperty("speaker");
        Assert.Equal("pupil", speaker.GetProperty("external_id").GetString());
        Assert.True(speaker.GetProperty("accepted").GetBoolean(), speaker.ToString());
        Assert.True(speaker.GetProperty("score").GetDouble() >= speaker.GetProperty("threshold").GetDouble());
        Assert.True(speaker.GetProperty("speech_seconds").GetDouble() > 1);

        // a teacher's override recomputes the scores and keeps the speaker check
        var overridden = await (await client.PatchAsJsonAsync($"/v1/comparison/{taskId}/words/0", new { status = "omission" }, Ct)).ReadJsonAsync();
        Assert.Equal(speaker.GetProperty("score").GetDouble(), overridden.GetProperty("speaker").GetProperty("score").GetDouble());
    }
}
