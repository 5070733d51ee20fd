using System.Net.Http.Headers;
using System.Net.Http.Json;
using Earshot.Audio;
using Earshot.Server.Tests.Infrastructure;
using Earshot.Testing;

namespace Earshot.Server.Tests;

/// <summary>The shipped executable, started the way README tells users to, over real TCP.</summary>
public sealed class ServerProcessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ServeRegistersUploadsAndReturnsTheCanonicalCopy()
    {
        var data = Directory.CreateTempSubdirectory("earshot-serve-").FullName;
        await using var server = await ServerProcess.StartAsync(data);
        using var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            await ApiClient.RegisterAndLoginAsync(client, "reader", "long-password"));

        var sample = RepositoryPaths.Speech("librispeech/1988-24833-0001.flac");
        var id = await client.UploadAudioAsync(sample);
        Assert.Equal(File.ReadAllBytes(sample), await client.GetByteArrayAsync($"/v1/audio/download?file={id}", Ct));

        var canonical = Path.Combine(data, "downloaded.wav");
        File.WriteAllBytes(canonical, await client.GetByteArrayAsync($"/v1/audio/download?file={id}&variant=canonical", Ct));
        var probe = await new Ffmpeg().ProbeAsync(canonical, Ct);
        Assert.Equal((16000, 1, "pcm_s16le"), (probe.SampleRate, probe.Channels, probe.Codec));

        Assert.True(File.Exists(Path.Combine(data, "earshot.db")), "the database lives in the data directory");
        Assert.True(File.Exists(Path.Combine(data, "keys", "jwt-signing.key")), "the signing key lives in the data directory");
    }

    [Fact]
    public async Task JobsInterruptedByAProcessKillFinishAfterRestart()
    {
        var data = Directory.CreateTempSubdirectory("earshot-crash-").FullName;
        string token;
        var jobs = new List<Guid>();
        await using (var first = await ServerProcess.StartAsync(data, "--workers", "1", "--Testing:EchoPipeline=true"))
        {
            using var client = first.CreateClient();
            token = await ApiClient.RegisterAndLoginAsync(client, "crash", "long-password");
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            for (var i = 0; i < 4; i++)
            {
                // long enough that the first job is still running when the kill comes, however loaded the machine
                var response = await client.PostAsJsonAsync("/v1/jobs", new { kind = "system.echo", request = new { message = $"job {i}", delay_seconds = 10 } }, Ct);
                jobs.Add((await response.ReadJsonAsync()).GetProperty("id").GetGuid());
            }
            await WaitUntilAsync(async () => (await (await client.GetAsync($"/v1/jobs/{jobs[0]}", Ct)).ReadJsonAsync()).GetProperty("status").GetString() == "running");
            await first.KillAsync();
        }

        await using var second = await ServerProcess.StartAsync(data, "--workers", "2", "--Testing:EchoPipeline=true");
        using var again = second.CreateClient();
        again.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        foreach (var (job, index) in jobs.Select((j, i) => (j, i)))
        {
            var done = await again.WaitForJobAsync(job, TimeSpan.FromSeconds(60));
            Assert.Equal("succeeded", done.GetProperty("status").GetString());
            Assert.Equal($"job {index}", done.GetProperty("result").GetProperty("message").GetString());
        }
        var interrupted = await (await again.GetAsync($"/v1/jobs/{jobs[0]}", Ct)).ReadJsonAsync();
        Assert.Equal(2, interrupted.GetProperty("attempts").GetInt32());
    }

    // A server start on a loaded 2-core CI can take most of a minute before the first job runs.
    private static Task WaitUntilAsync(Func<Task<bool>> condition) =>
        Eventually.HoldsAsync(condition, TimeSpan.FromSeconds(90), "The first job's start");
}
