using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Earshot.Server.Jobs;
using Earshot.Server.Tests.Infrastructure;
using Earshot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Earshot.Server.Tests;

/// <summary>Two batch workers, one interactive worker, one running job per user and queue, three unfinished jobs per user,
/// and synchronous routes that give up after 3 s. Only the speech model is loaded.</summary>
public sealed class FairnessServer() : EarshotFactory(new Dictionary<string, string?>
{
    ["Jobs:WorkerCount"] = "2",
    ["Jobs:InteractiveWorkerCount"] = "1",
    ["Jobs:ShortJobSeconds"] = "30",
    ["Jobs:MaxRunningPerUser"] = "1",
    ["Jobs:MaxQueuedPerUser"] = "3",
    ["Jobs:SyncTimeout"] = "00:00:03",
    ["Jobs:RetryAfter"] = "00:00:20",
    ["Auth:AdminUsers:0"] = "fairness-admin", // /health shows its checks to administrators only
    ["Models:Disabled:0"] = "tesseract",
    ["Models:Disabled:1"] = "ppocr",
    ["Models:Disabled:2"] = "silero-vad",
});

public sealed class JobFairnessTests(FairnessServer factory) : IClassFixture<FairnessServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AShortJobRunsAtOnceWhileLongJobsHoldEveryBatchWorker()
    {
        var first = await factory.CreateUserClientAsync();
        var second = await factory.CreateUserClientAsync();
        var hurried = await factory.CreateUserClientAsync();
        var longJobs = new[] { await SubmitEchoAsync(first, 600), await SubmitEchoAsync(second, 600) };
        try
        {
            await WaitForStatusAsync(first, longJobs[0], "running");
            await WaitForStatusAsync(second, longJobs[1], "running");

            var quick = await SubmitEchoAsync(hurried, 1);
            var done = await hurried.WaitForJobAsync(quick, Deadline);
            Assert.Equal("succeeded", done.GetProperty("status").GetString());

            // A third long job has to wait for a batch worker: /health says so instead of Healthy.
            var waiting = await SubmitEchoAsync(hurried, 600);
            try
            {
                var admin = await factory.CreateUserClientAsync("fairness-admin");
                var health = await (await admin.GetAsync("/health", Ct)).ReadJsonAsync();
                var jobs = health.GetProperty("checks").GetProperty("job_engine");
                Assert.Equal("Degraded", jobs.GetProperty("status").GetString());
                Assert.Contains("batch", jobs.GetProperty("description").GetString());
            }
            finally
            {
                await hurried.DeleteAsync($"/v1/jobs/{waiting}", Ct);
            }
        }
        finally
        {
            await first.DeleteAsync($"/v1/jobs/{longJobs[0]}", Ct);
            await second.DeleteAsync($"/v1/jobs/{longJobs[1]}", Ct);
        }
    }

    [Fact]
    public async Task AUsersSecondLongJobWaitsForTheFirstAndThenRuns()
    {
        var client = await factory.CreateUserClientAsync();
        var owner = await OwnerOfAsync(client);
        var slots = factory.Services.GetRequiredService<JobSlots>();
        var first = await SubmitEchoAsync(client, 600);
        var second = Guid.Empty;
        try
        {
            // The second is submitted only once the first runs: two free batch workers could otherwise start it first.
            await WaitForStatusAsync(client, first, "running");
            second = await SubmitEchoAsync(client, 31);
            // A batch worker is free, but the user's one running slot in the batch queue is taken: the job is parked.
            await Eventually.HoldsAsync(() => slots.Parked(owner) == 1, Deadline, "the second job parked");
            Assert.Equal("queued", await StatusAsync(client, second));

            await client.DeleteAsync($"/v1/jobs/{first}", Ct);
            await WaitForStatusAsync(client, second, "running");
        }
        finally
        {
            await client.DeleteAsync($"/v1/jobs/{first}", Ct);
            if (second != Guid.Empty)
                await client.DeleteAsync($"/v1/jobs/{second}", Ct);
        }
    }

    [Fact]
    public async Task QueuingBeyondTheUsersLimitIs429WithRetryAfterAndStoresNothing()
    {
        var client = await factory.CreateUserClientAsync();
        var jobs = new List<Guid>();
        try
        {
            for (var i = 0; i < 3; i++)
                jobs.Add(await SubmitEchoAsync(client, 600));

            var refused = await client.PostAsJsonAsync("/v1/jobs", new { kind = "system.echo", request = new { message = "4th" } }, Ct);
            await refused.AssertProblemAsync(429, "3 unfinished jobs");
            Assert.Equal(TimeSpan.FromSeconds(20), refused.Headers.RetryAfter?.Delta);
            Assert.Equal("Server overloaded, try again later", (await refused.ReadJsonAsync()).GetProperty("title").GetString());
            Assert.Equal(3, (await (await client.GetAsync("/v1/jobs", Ct)).ReadJsonAsync()).GetProperty("total").GetInt32());

            // Seed routes answer the same way; another user is not affected.
            await (await client.PostAsJsonAsync("/v1/audio/probe/task", new { audio_file = Guid.NewGuid() }, Ct)).AssertProblemAsync(404);
            var other = await factory.CreateUserClientAsync();
            Assert.Equal("succeeded", (await other.WaitForJobAsync(await SubmitEchoAsync(other, 0), Deadline)).GetProperty("status").GetString());

            // A finished job makes room again.
            await client.DeleteAsync($"/v1/jobs/{jobs[0]}", Ct);
            jobs.Add(await SubmitEchoAsync(client, 0));
        }
        finally
        {
            foreach (var job in jobs)
                await client.DeleteAsync($"/v1/jobs/{job}", Ct);
        }
    }

    [Fact]
    public async Task ASynchronousTranscriptionGivesUpWith503AndCancelsItsJob()
    {
        var blocker = await factory.CreateUserClientAsync();
        var client = await factory.CreateUserClientAsync();
        var busy = await SubmitEchoAsync(blocker, 30); // short: it holds the one interactive worker
        try
        {
            await WaitForStatusAsync(blocker, busy, "running");
            var sample = RepositoryPaths.Speech("librispeech/3752-4944-0001.flac");
            var form = new MultipartFormDataContent
            {
                { new ByteArrayContent(await File.ReadAllBytesAsync(sample, Ct)) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } }, "file", "short.flac" },
                { new StringContent("whisper-1"), "model" },
            };
            var response = await client.PostAsync("/v1/audio/transcriptions", form, Ct);

            await response.AssertProblemAsync(503, "did not finish within 3 s");
            Assert.Equal(TimeSpan.FromSeconds(20), response.Headers.RetryAfter?.Delta);
            var job = (await (await client.GetAsync("/v1/jobs", Ct)).ReadJsonAsync()).GetProperty("items")[0];
            Assert.Equal("audio.process", job.GetProperty("kind").GetString());
            Assert.Equal("cancelled", job.GetProperty("status").GetString());
        }
        finally
        {
            await blocker.DeleteAsync($"/v1/jobs/{busy}", Ct);
        }
    }

    private async Task<Guid> OwnerOfAsync(HttpClient client)
    {
        var me = await (await client.GetAsync("/v1/auth/users/me", Ct)).ReadJsonAsync();
        return me.GetProperty("id").GetGuid();
    }

    private static async Task<Guid> SubmitEchoAsync(HttpClient client, double delaySeconds)
    {
        var response = await client.PostAsJsonAsync("/v1/jobs", new { kind = "system.echo", request = new { message = "x", delay_seconds = delaySeconds } }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    private static async Task<string?> StatusAsync(HttpClient client, Guid job) =>
        (await (await client.GetAsync($"/v1/jobs/{job}", Ct)).ReadJsonAsync()).GetProperty("status").GetString();

    private static Task WaitForStatusAsync(HttpClient client, Guid job, string status) =>
        Eventually.HoldsAsync(async () => await StatusAsync(client, job) == status, Deadline, $"job {job} {status}");
}
