using System.Net;
using System.Net.Http.Json;
using Earshot.Server.Jobs;
using Earshot.Server.Entities;
using Earshot.Server.Tests.Infrastructure;
using Earshot.Testing;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Earshot.Server.Tests;

[Collection(SharedServerCollection.Name)]
public sealed class JobsApiTests(SharedServer factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AudioProbeJobDescribesTheRecording()
    {
        var client = await factory.CreateUserClientAsync();
        var file = await client.UploadAudioAsync(RepositoryPaths.Speech("librispeech/1988-24833-0000.flac"));

        var created = await (await client.PostAsJsonAsync("/v1/audio/probe/task", new { audio_file = file }, Ct)).ReadJsonAsync();
        var taskId = created.GetProperty("task_id").GetGuid();
        var job = await client.WaitForJobAsync(taskId);
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal(100, job.GetProperty("progress").GetInt32());

        var result = await (await client.GetAsync($"/v1/audio/probe/result?task_id={taskId}", Ct)).ReadJsonAsync();
        Assert.Equal("flac", result.GetProperty("codec").GetString());
        Assert.Equal(16000, result.GetProperty("sample_rate").GetInt32());
        Assert.InRange(result.GetProperty("duration_seconds").GetDouble(), 1, 60);
        Assert.InRange(result.GetProperty("rms_dbfs").GetDouble(), -50, -5);

        var status = await (await client.GetAsync($"/v1/task/status?task_id={taskId}", Ct)).ReadJsonAsync();
        Assert.True(status.GetProperty("ready").GetBoolean());
    }

    [Fact]
    public async Task ProbeOfUnknownOrForeignFileIs404AndQueuesNothing()
    {
        var owner = await factory.CreateUserClientAsync();
        var stranger = await factory.CreateUserClientAsync();
        var file = await owner.UploadAudioAsync(RepositoryPaths.Speech("jfk/jfk.wav"));

        await (await stranger.PostAsJsonAsync("/v1/audio/probe/task", new { audio_file = file }, Ct)).AssertProblemAsync(404, "No such audio file");
        await (await owner.PostAsJsonAsync("/v1/audio/probe/task", new { audio_file = Guid.NewGuid() }, Ct)).AssertProblemAsync(404);
        var page = await (await stranger.GetAsync("/v1/jobs", Ct)).ReadJsonAsync();
        Assert.Equal(0, page.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task CompatResultRouteSays406WhileRunningAnd422ForAnotherKind()
    {
        var client = await factory.CreateUserClientAsync();
        var job = await SubmitEchoAsync(client, delaySeconds: 30);

        await (await client.GetAsync($"/v1/task/result?task_id={job}", Ct)).AssertProblemAsync(406);
        await (await client.GetAsync($"/v1/audio/probe/result?task_id={job}", Ct)).AssertProblemAsync(422, "system.echo");
        await (await client.GetAsync($"/v1/task/result?task_id={Guid.NewGuid()}", Ct)).AssertProblemAsync(406);
        await (await client.GetAsync("/v1/task/result?task_id=not-a-uuid", Ct)).AssertProblemAsync(422);
        await client.DeleteAsync($"/v1/jobs/{job}", Ct);
    }

    [Fact]
    public async Task CancelledJobStopsAndHasNoResult()
    {
        var client = await factory.CreateUserClientAsync();
        var job = await SubmitEchoAsync(client, delaySeconds: 30);
        await WaitForStatusAsync(client, job, "running");

        var cancelled = await client.DeleteAsync($"/v1/jobs/{job}", Ct);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", (await client.WaitForJobAsync(job, TimeSpan.FromSeconds(5))).GetProperty("status").GetString());

        await (await client.GetAsync($"/v1/task/result?task_id={job}", Ct)).AssertProblemAsync(406, "cancelled");
        await (await client.GetAsync($"/v1/jobs/{job}/result", Ct)).AssertProblemAsync(409, "cancelled");
        await (await client.DeleteAsync($"/v1/jobs/{job}", Ct)).AssertProblemAsync(409, "already finished");
    }

    [Fact]
    public async Task ARunningJobKeepsItsLeaseFreshAndStopsWhenAnotherProcessCancelsIt()
    {
        var client = await factory.CreateUserClientAsync();
        var job = await SubmitEchoAsync(client, delaySeconds: 600);
        await WaitForStatusAsync(client, job, "running");
        var started = await factory.QueryDbAsync(db => db.Jobs.Where(j => j.Id == job).Select(j => j.HeartbeatAt).FirstAsync(Ct));
        await Eventually.HoldsAsync(async () => await factory.QueryDbAsync(db => db.Jobs.Where(j => j.Id == job).Select(j => j.HeartbeatAt).FirstAsync(Ct)) > started,
            TimeSpan.FromSeconds(60), "the heartbeat moved on");

        // Another process cancels through the database alone: no in-process signal reaches the run, only its lease.
        await factory.QueryDbAsync(db => db.Jobs.Where(j => j.Id == job)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.Cancelled).SetProperty(j => j.FinishedAt, DateTime.UtcNow), Ct));
        var owner = await factory.QueryDbAsync(db => db.Jobs.Where(j => j.Id == job).Select(j => j.OwnerId).FirstAsync(Ct));
        var slots = factory.Services.GetRequiredService<JobSlots>();
        await Eventually.HoldsAsync(() => slots.Running(owner) == 0, TimeSpan.FromSeconds(60), "the run stopped and gave its slot back");
        Assert.Equal("cancelled", (await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/v1/jobs/{job}", Ct)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task JobDispatchedTwiceRunsOnce()
    {
        var client = await factory.CreateUserClientAsync();
        var job = await SubmitEchoAsync(client, delaySeconds: 0.5);
        string[] extra;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var engine = scope.ServiceProvider.GetRequiredService<JobEngine>();
            extra = [await engine.DispatchAsync(job, Ct), await engine.DispatchAsync(job, Ct)];
        }

        var done = await client.WaitForJobAsync(job);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        // The extra dispatches are finished by Hangfire once their worker saw the job was no longer queued.
        using var hangfire = factory.Services.GetRequiredService<JobStorage>().GetConnection();
        await Eventually.HoldsAsync(() => extra.All(id => hangfire.GetStateData(id)?.Name == SucceededState.StateName), TimeSpan.FromSeconds(60));
        Assert.Equal(1, await factory.QueryDbAsync(db => db.Jobs.Where(j => j.Id == job).Select(j => j.Attempts).FirstAsync(Ct)));
    }

    [Fact]
    public async Task AnotherUsersJobIsNotFound()
    {
        var owner = await factory.CreateUserClientAsync();
        var stranger = await factory.CreateUserClientAsync();
        var job = await SubmitEchoAsync(owner, 0);

        await (await stranger.GetAsync($"/v1/jobs/{job}", Ct)).AssertProblemAsync(404);
        await (await stranger.DeleteAsync($"/v1/jobs/{job}", Ct)).AssertProblemAsync(404);
        await (await stranger.GetAsync($"/v1/task/status?task_id={job}", Ct)).AssertProblemAsync(404);
        Assert.Equal("succeeded", (await owner.WaitForJobAsync(job)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task JobListIsPagedNewestFirst()
    {
        var client = await factory.CreateUserClientAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
            ids.Add(await SubmitEchoAsync(client, 0, $"m{i}"));

        var page1 = await (await client.GetAsync("/v1/jobs?page=1&page_size=2", Ct)).ReadJsonAsync();
        var page3 = await (await client.GetAsync("/v1/jobs?page=3&page_size=2", Ct)).ReadJsonAsync();
        Assert.Equal(5, page1.GetProperty("total").GetInt32());
        Assert.Equal([ids[4], ids[3]], page1.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("id").GetGuid()));
        Assert.Equal([ids[0]], page3.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("id").GetGuid()));
        await (await client.GetAsync("/v1/jobs?page_size=1000", Ct)).AssertProblemAsync(422);
    }

    [Fact]
    public async Task UnknownJobKindIs404WithTheKnownKinds()
    {
        var client = await factory.CreateUserClientAsync();
        var response = await client.PostAsJsonAsync("/v1/jobs", new { kind = "no.such", request = new { } }, Ct);
        await response.AssertProblemAsync(404, "audio.probe");
    }

    private static async Task<Guid> SubmitEchoAsync(HttpClient client, double delaySeconds, string message = "hi")
    {
        var response = await client.PostAsJsonAsync("/v1/jobs", new { kind = "system.echo", request = new { message, delay_seconds = delaySeconds } },
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    private static async Task WaitForStatusAsync(HttpClient client, Guid job, string status)
    {
        for (var i = 0; i < 200; i++)
        {
            if ((await (await client.GetAsync($"/v1/jobs/{job}", Ct)).ReadJsonAsync()).GetProperty("status").GetString() == status)
                return;
            await Task.Delay(50, Ct);
        }
        Assert.Fail($"job never reached {status}");
    }
}
