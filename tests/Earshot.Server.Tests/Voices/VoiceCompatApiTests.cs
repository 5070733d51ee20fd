using System.Net;
using System.Net.Http.Json;
using Earshot.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Earshot.Server.Tests.Voices;

[Collection(SharedServerCollection.Name)]
public sealed class VoiceCompatApiTests(SharedServer factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EnrollVerifyCompareAndDeleteOnTheCompatRoutes()
    {
        var client = await factory.CreateUserClientAsync();
        var enrolStream = await VoiceAudio.StreamAsync(client, await VoiceAudio.PcmAsync(VoiceAudio.SpeakerA1));
        Assert.Contains(enrolStream.ToString(), await client.GetStringAsync("/get_all_streams", Ct));
        Assert.Contains(enrolStream.ToString(), await client.GetStringAsync("/http_stream", Ct));

        var enrolled = await client.PostAsJsonAsync("/vv/enroll", new { uuid = enrolStream, external_id = "test1" }, Ct);
        Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);
        await (await client.PostAsJsonAsync("/vv/enroll", new { uuid = enrolStream, external_id = "test1" }, Ct)).AssertProblemAsync(409);

        var same = await VoiceAudio.StreamAsync(client, await VoiceAudio.PcmAsync(VoiceAudio.SpeakerA2), "/http_stream", "/http_stream");
        var accepted = await (await client.PostAsJsonAsync("/vv/verify/test1", new { uuid = same, external_id = "test1" }, Ct)).ReadJsonAsync();
        Assert.True(accepted.GetProperty("accepted").GetBoolean(), accepted.ToString());
        var threshold = accepted.GetProperty("threshold").GetDouble();
        Assert.True(accepted.GetProperty("score").GetDouble() >= threshold);

        var other = await VoiceAudio.StreamAsync(client, await VoiceAudio.PcmAsync(VoiceAudio.SpeakerB));
        var rejected = await (await client.PostAsJsonAsync("/vv/verify/test1", new { uuid = other }, Ct)).ReadJsonAsync();
        Assert.False(rejected.GetProperty("accepted").GetBoolean(), rejected.ToString());
        Assert.True(rejected.GetProperty("score").GetDouble() < threshold);

        // the stored voiceprint against the stream's voiceprint gives verify's score
        var stored = (await (await client.GetAsync("/vv/get_voiceprint/test1", Ct)).ReadJsonAsync()).GetProperty("voiceprint");
        var taken = (await (await client.GetAsync($"/http_stream/voiceprint/{same}", Ct)).ReadJsonAsync()).GetProperty("voiceprint");
        Assert.Equal(128, stored.GetArrayLength());
        var compared = await (await client.PostAsJsonAsync("/speakeridt/compare_vp", new { voiceprint1 = stored, voiceprint2 = taken }, Ct)).ReadJsonAsync();
        Assert.Equal(accepted.GetProperty("score").GetDouble(), compared.GetProperty("score").GetDouble(), 4);

        Assert.Equal(["test1"], Ids(await (await client.GetAsync("/vv/list_enrollments", Ct)).ReadJsonAsync()));
        Assert.Equal(["test1"], Ids(await (await client.GetAsync("/vv/list_enrollments/te", Ct)).ReadJsonAsync()));
        Assert.Empty(Ids(await (await client.GetAsync("/vv/list_enrollments/x", Ct)).ReadJsonAsync()));

        var enrolledAgain = await client.PostAsJsonAsync("/vv/enroll", new { uuid = same, external_id = "test2" }, Ct);
        Assert.Equal(HttpStatusCode.OK, enrolledAgain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync("/vv/delete_enrollment/test2", Ct)).StatusCode);
        await (await client.DeleteAsync("/vv/delete_enrollment/test2", Ct)).AssertProblemAsync(400);
        var deleted = await (await client.DeleteAsync("/vv/delete_all_enrollment", Ct)).ReadJsonAsync();
        Assert.Equal(1, deleted.GetProperty("deleted_count").GetInt32());
        await (await client.GetAsync("/vv/get_voiceprint/test1", Ct)).AssertProblemAsync(VoiceCompatStatus.UnknownUser);

        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"/http_stream/{other}", Ct)).StatusCode);
        await (await client.DeleteAsync($"/http_stream/{other}", Ct)).AssertProblemAsync(404);

        var me = (await (await client.GetAsync("/v1/auth/users/me", Ct)).ReadJsonAsync()).GetProperty("id").GetGuid();
        var lines = await factory.QueryDbAsync(db => db.Activity.Where(a => a.UserId == me).OrderBy(a => a.Id).Select(a => a.Detail).ToListAsync(Ct));
        Assert.Contains("Enrolled test1", lines);
        Assert.Contains(lines, l => l?.StartsWith("Verified test1 (result: True, score: 0.", StringComparison.Ordinal) == true);
        Assert.Contains(lines, l => l?.StartsWith("Verified test1 (result: False, score: ", StringComparison.Ordinal) == true);
        Assert.Contains("All enrollments (1) deleted", lines);
    }

    [Fact]
    public async Task CompatErrorsKeepTheSeedsStatusCodes()
    {
        var client = await factory.CreateUserClientAsync();
        var stream = await VoiceAudio.StreamAsync(client, await VoiceAudio.PcmAsync(VoiceAudio.SpeakerA1));

        await (await client.PostAsJsonAsync("/vv/enroll", new { uuid = stream }, Ct)).AssertProblemAsync(400, "external_id");
        await (await client.PostAsJsonAsync("/vv/enroll", new { external_id = "x" }, Ct)).AssertProblemAsync(400, "uuid");
        await (await client.PostAsync("/vv/enroll", new StringContent("{not json", null, "application/json"), Ct)).AssertProblemAsync(400);
        await (await client.PostAsJsonAsync("/vv/enroll", new { uuid = Guid.NewGuid(), external_id = "x" }, Ct)).AssertProblemAsync(404);

        await (await client.PostAsJsonAsync("/vv/verify/nobody", new { uuid = stream }, Ct)).AssertProblemAsync(VoiceCompatStatus.UnknownUser);
        await (await client.GetAsync("/vv/get_voiceprint/nobody", Ct)).AssertProblemAsync(VoiceCompatStatus.UnknownUser);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/vv/enroll", new { uuid = stream, external_id = "kid" }, Ct)).StatusCode);
        await (await client.PostAsJsonAsync("/vv/verify/kid", new { uuid = Guid.NewGuid() }, Ct)).AssertProblemAsync(VoiceCompatStatus.UnknownStream);
        await (await client.PostAsJsonAsync("/vv/verify/kid", new { uuid = "not-a-uuid" }, Ct)).AssertProblemAsync(VoiceCompatStatus.UnknownStream);
        await (await client.GetAsync($"/http_stream/voiceprint/{Guid.NewGuid()}", Ct)).AssertProblemAsync(404);

        var print = Enumerable.Repeat(0.1, 128).ToArray();
        await (await client.PostAsJsonAsync("/speakeridt/compare_vp", new { voiceprint1 = print, voiceprint2 = print[..100] }, Ct))
            .AssertProblemAsync(422, "128 numbers");
        await (await client.PostAsJsonAsync("/speakeridt/compare_vp", new { voiceprint1 = print, voiceprint2 = new object[] { "a", 1 } }, Ct))
            .AssertProblemAsync(400, "arrays of numbers");
        await (await client.PostAsJsonAsync("/speakeridt/compare_vp", new { voiceprint1 = print }, Ct)).AssertProblemAsync(400);
        Assert.Equal(1, (await (await client.PostAsJsonAsync("/speakeridt/compare_vp", new { voiceprint1 = print, voiceprint2 = print }, Ct))
            .ReadJsonAsync()).GetProperty("score").GetDouble(), 6);
    }

    [Fact]
    public async Task SilenceTooLittleSpeechAndNonAudioAre422AndStoreNothing()
    {
        var client = await factory.CreateUserClientAsync();
        var silence = await VoiceAudio.StreamAsync(client, new byte[16000 * 2 * 3]);
        await (await client.PostAsJsonAsync("/vv/enroll", new { uuid = silence, external_id = "quiet" }, Ct)).AssertProblemAsync(422, "speech");

        var speech = await VoiceAudio.PcmAsync(VoiceAudio.SpeakerA1);
        var scrap = await VoiceAudio.StreamAsync(client, speech[(16000 * 2)..(16000 * 2 * 17 / 10)]);
        await (await client.PostAsJsonAsync("/vv/enroll", new { uuid = scrap, external_id = "short" }, Ct)).AssertProblemAsync(422, "needs at least 1 s");

        var text = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("This is not audio at all, just a text file. ", 2000)));
        var notAudio = await VoiceAudio.StreamAsync(client, text[..(text.Length / 2 * 2)]);
        await (await client.PostAsJsonAsync("/vv/enroll", new { uuid = notAudio, external_id = "text" }, Ct)).AssertProblemAsync(422);

        var odd = await VoiceAudio.StreamAsync(client, speech[..3001]);
        await (await client.PostAsJsonAsync("/vv/enroll", new { uuid = odd, external_id = "odd" }, Ct)).AssertProblemAsync(422, "2-byte samples");

        Assert.Empty(Ids(await (await client.GetAsync("/vv/list_enrollments", Ct)).ReadJsonAsync()));
    }

    [Fact]
    public async Task AnotherAccountsStreamsAndEnrolmentsDoNotExist()
    {
        var owner = await factory.CreateUserClientAsync();
        var stranger = await factory.CreateUserClientAsync();
        var stream = await VoiceAudio.StreamAsync(owner, await VoiceAudio.PcmAsync(VoiceAudio.SpeakerA1));
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync("/vv/enroll", new { uuid = stream, external_id = "mine" }, Ct)).StatusCode);
        var strangerStream = await VoiceAudio.StreamAsync(stranger, await VoiceAudio.PcmAsync(VoiceAudio.SpeakerA2));

        await (await stranger.PostAsJsonAsync("/vv/enroll", new { uuid = stream, external_id = "mine" }, Ct)).AssertProblemAsync(404);
        await (await stranger.PostAsJsonAsync("/vv/verify/mine", new { uuid = strangerStream }, Ct)).AssertProblemAsync(VoiceCompatStatus.UnknownUser);
        await (await owner.PostAsJsonAsync("/vv/verify/mine", new { uuid = strangerStream }, Ct)).AssertProblemAsync(VoiceCompatStatus.UnknownStream);
        await (await stranger.GetAsync("/vv/get_voiceprint/mine", Ct)).AssertProblemAsync(VoiceCompatStatus.UnknownUser);
        await (await stranger.GetAsync($"/http_stream/voiceprint/{stream}", Ct)).AssertProblemAsync(404);
        await (await stranger.GetAsync("/v1/voices/mine", Ct)).AssertProblemAsync(404);
        Assert.Empty(Ids(await (await stranger.GetAsync("/vv/list_enrollments", Ct)).ReadJsonAsync()));
        Assert.Equal(0, (await (await stranger.DeleteAsync("/vv/delete_all_enrollment", Ct)).ReadJsonAsync()).GetProperty("deleted_count").GetInt32());
        Assert.Equal(["mine"], Ids(await (await owner.GetAsync("/vv/list_enrollments", Ct)).ReadJsonAsync()));
    }

    private static string[] Ids(System.Text.Json.JsonElement body) => [.. body.GetProperty("ids").EnumerateArray().Select(e => e.GetString()!)];
}

internal static class VoiceCompatStatus
{
    public const int UnknownUser = 460;
    public const int UnknownStream = 461;
}
