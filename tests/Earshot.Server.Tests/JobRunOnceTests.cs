using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Earshot.Server.Jobs;
using Earshot.Server.Tests.Infrastructure;
using Earshot.Testing;
using Hangfire;
using Hangfire.States;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Earshot.Server.Tests;

/// <summary>A server that counts the ends of pipeline runs per job (through the engine's finished-job listeners). No OCR or VAD models.</summary>
public sealed class RunCountingServer() : EarshotFactory(new Dictionary<string, string?>
{
    ["Models:Disabled:0"] = "tesseract",
    ["Models:Disabled:1"] = "ppocr",
    ["Models:Disabled:2"] = "silero-vad",
})
{
    public ConcurrentDictionary<Guid, int> RunsEnded { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IJobFinishedListener>(new RunCounter(RunsEnded)));
    }

    private sealed class RunCounter(ConcurrentDictionary<Guid, int> runs) : IJobFinishedListener
    {
        public Task OnFinishedAsync(Guid jobId, string kind, string requestJson, CancellationToken cancellationToken)
        {
            runs.AddOrUpdate(jobId, 1, (_, n) => n + 1);
            return Task.CompletedTask;
        }
    }
}

public sealed class JobRunOnceTests(RunCountingServer factory) : IClassFixture<RunCountingServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExtraDispatchesOfAJobNeitherClaimNorRunItsPipeline()
    {
        var client = await factory.CreateUserClientAsync();
        var submitted = await client.PostAsJsonAsync("/v1/jobs", new { kind = "system.echo", request = new { message = "once", delay_seconds = 0.5 } }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var job = (await submitted.ReadJsonAsync()).GetProperty("id").GetGuid();
        string[] extra;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var engine = scope.ServiceProvider.GetRequiredService<JobEngine>();
            extra = [await engine.DispatchAsync(job, Ct), await engine.DispatchAsync(job, Ct)];
        }

        Assert.Equal("succeeded", (await client.WaitForJobAsync(job)).GetProperty("status").GetString());
        using var hangfire = factory.Services.GetRequiredService<JobStorage>().GetConnection();
        await Eventually.HoldsAsync(() => extra.All(id => hangfire.GetStateData(id)?.Name == SucceededState.StateName), TimeSpan.FromSeconds(60),
            "the extra dispatches were handled");
        // With several interactive workers the extra dispatches can be handled (parked) before the one run has told its
        // finished-job listeners; an extra run would have told them before its dispatch was handled.
        await Eventually.HoldsAsync(() => factory.RunsEnded.GetValueOrDefault(job) >= 1, TimeSpan.FromSeconds(60), "the run ended");
        Assert.Equal(1, factory.RunsEnded.GetValueOrDefault(job));
    }
}
