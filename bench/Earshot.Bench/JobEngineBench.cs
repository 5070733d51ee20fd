using System.Diagnostics;
using Earshot.Server.Infrastructure;
using Earshot.Server.Jobs;
using Earshot.Server.Jobs.Pipelines;
using Earshot.Server.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Earshot.Bench;

/// <summary>
/// Job engine overhead: N no-op (system.echo) jobs submitted through JobEngine, run by Hangfire workers and
/// recorded in SQLite. Baseline in the same run: the same N echo pipeline calls made directly, without the engine.
/// </summary>
internal static class JobEngineBench
{
    public static async Task RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0]) : 1000;
        // One user submits everything: the per-user limits would measure themselves, not the engine.
        await using var server = await BenchServer.StartAsync("--Jobs:MaxQueuedPerUser=1000000", "--Jobs:MaxRunningPerUser=256");
        using var client = await server.CreateUserClientAsync();
        Guid owner;
        await using (var scope = server.Services.CreateAsyncScope())
            owner = (await scope.ServiceProvider.GetRequiredService<EarshotDb>().Users.FirstAsync()).Id;

        await SubmitAllAsync(server, owner, 50); // warm-up
        await WaitAllDoneAsync(server, 50);

        var sw = Stopwatch.StartNew();
        var submitted = await SubmitAllAsync(server, owner, count);
        var enqueueSeconds = sw.Elapsed.TotalSeconds;
        await WaitAllDoneAsync(server, count + 50);
        var totalSeconds = sw.Elapsed.TotalSeconds;

        await using var scope2 = server.Services.CreateAsyncScope();
        var db = scope2.ServiceProvider.GetRequiredService<EarshotDb>();
        var rows = await db.Jobs.AsNoTracking().Where(j => submitted.Contains(j.Id)).Select(j => new { j.CreatedAt, j.FinishedAt, j.Status, j.Attempts }).ToListAsync();
        var latencies = rows.Select(r => (r.FinishedAt!.Value - r.CreatedAt).TotalMilliseconds).ToList();

        var pipeline = new EchoPipeline();
        sw.Restart();
        for (var i = 0; i < count; i++)
            await pipeline.RunAsync(new EchoRequest($"direct {i}"), null!, CancellationToken.None);
        var directSeconds = sw.Elapsed.TotalSeconds;

        Console.WriteLine($"jobs: {count} system.echo jobs, SQLite + Hangfire in-memory storage, {Environment.ProcessorCount} cores");
        Console.WriteLine($"succeeded         {rows.Count(r => r.Status == JobStatus.Succeeded)}/{count}, each run once: {rows.All(r => r.Attempts == 1)}");
        Console.WriteLine($"enqueue rate      {count / enqueueSeconds,9:F0} jobs/s");
        Console.WriteLine($"throughput        {count / totalSeconds,9:F0} jobs/s (enqueue → all done)   goal ≥ 1000");
        Console.WriteLine($"latency p50       {Stats.Median(latencies),9:F1} ms enqueue → done   p95 {Stats.Percentile(latencies, 0.95):F1} ms");
        Console.WriteLine($"direct calls      {count / directSeconds,9:F0} calls/s (baseline: the pipeline without the engine)");
    }

    private static async Task<List<Guid>> SubmitAllAsync(BenchServer server, Guid owner, int count)
    {
        var ids = new List<Guid>(count);
        for (var i = 0; i < count; i++)
        {
            // One scope per job, as one HTTP request would have.
            await using var scope = server.Services.CreateAsyncScope();
            var engine = scope.ServiceProvider.GetRequiredService<JobEngine>();
            var (job, error) = await engine.SubmitAsync(owner, EchoPipeline.KindName, new EchoRequest($"job {i}"), CancellationToken.None);
            ids.Add(job?.Id ?? throw new InvalidOperationException(error!.Detail));
        }
        return ids;
    }

    private static async Task WaitAllDoneAsync(BenchServer server, int total)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EarshotDb>();
        while (await db.Jobs.CountAsync(j => j.Status == JobStatus.Succeeded || j.Status == JobStatus.Failed) < total)
            await Task.Delay(10);
    }
}
