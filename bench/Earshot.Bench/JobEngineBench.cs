using System.Diagnostics;
using System.Runtime;
using Earshot.Server.Infrastructure;
using Earshot.Server.Jobs;
using Earshot.Server.Jobs.Pipelines;
using Earshot.Server.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Earshot.Bench;

/// <summary>
/// Job engine overhead: N no-op (system.echo) jobs submitted through JobEngine by a few concurrent submitters (as
/// concurrent HTTP requests would), run by Hangfire workers and recorded in the database. Throughput is submit of the
/// first → finish of the last; latency is each job's enqueue → done from its row. Legs: the embedded default (SQLite +
/// in-memory Hangfire), then PostgreSQL when a connection string is given. Baseline in the same run: the same N echo
/// pipeline calls made directly, without the engine.
/// </summary>
/// <remarks>
/// Usage: jobs [COUNT=2000] [--submitters N=4] [--postgres CONNECTION_STRING] (or EARSHOT_BENCH_POSTGRES). The PostgreSQL
/// database must be empty: the leg registers its own user.
/// </remarks>
internal static class JobEngineBench
{

    public static async Task RunAsync(string[] args)
    {
        var count = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 2000;
        var submitters = int.Parse(Option(args, "--submitters") ?? "4");
        var postgres = Option(args, "--postgres") ?? Environment.GetEnvironmentVariable("EARSHOT_BENCH_POSTGRES");

        Console.WriteLine($"jobs: {count} system.echo jobs per leg, {submitters} concurrent submitters, {Environment.ProcessorCount} cores, load average {LoadAverages()}");
        var embedded = await RunLegAsync("SQLite + Hangfire in-memory", count, submitters, 1000);
        if (postgres is null)
            Console.WriteLine("PostgreSQL leg      not measured: pass --postgres \"Host=…;Database=…\" (an empty database) or set EARSHOT_BENCH_POSTGRES   goal ≥ 300 jobs/s");
        else
        {
            try
            {
                await RunLegAsync("PostgreSQL", count, submitters, 300, "--Database:Provider=PostgreSQL", $"--ConnectionStrings:Earshot={postgres}");
            }
            catch (Exception ex)
            {
                // Before the PostgreSQL provider exists, or with a database the server cannot use: say so, keep the other figures.
                Console.WriteLine($"PostgreSQL leg      not measured: {ex.GetType().Name}: {ex.Message}");
            }
        }

        var pipeline = new EchoPipeline();
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
            await pipeline.RunAsync(new EchoRequest($"direct {i}"), null!, CancellationToken.None);
        var direct = count / sw.Elapsed.TotalSeconds;
        Console.WriteLine($"direct calls        {direct,9:F0} calls/s (baseline: the pipeline without the engine); embedded engine = {embedded / direct:P4} of it");
        Console.WriteLine($"load average after  {LoadAverages()}");
    }

    /// <summary>Runs one leg on its own server and prints its figures; returns its throughput in jobs/s.</summary>
    private static async Task<double> RunLegAsync(string name, int count, int submitters, int goal, params string[] serverArgs)
    {
        // One user submits everything: the per-user limits would measure themselves, not the engine.
        await using var server = await BenchServer.StartAsync(["--Jobs:MaxQueuedPerUser=1000000", "--Jobs:MaxRunningPerUser=256", .. serverArgs]);
        using var client = await server.CreateUserClientAsync();
        Guid owner;
        await using (var scope = server.Services.CreateAsyncScope())
            owner = (await scope.ServiceProvider.GetRequiredService<EarshotDb>().Users.FirstAsync()).Id;

        // Warm up until the JIT has settled the hot path into optimized code, as in a server that has been up a while. Tiered
        // compilation (with its instrumented tier) works through thousands of EF, Hangfire and ASP.NET methods, and on a loaded
        // machine it lags: after one fixed round of 200 jobs, half of the measured run's CPU was still the JIT.
        var warmUpJobs = 0;
        for (var round = 0; round < 12; round++)
        {
            var jitBefore = JitInfo.GetCompilationTime();
            var warmUp = Stopwatch.StartNew();
            var roundJobs = Math.Max(500, count / 4);
            await WaitAllDoneAsync(server, await SubmitAllAsync(server, owner, roundJobs, submitters));
            warmUpJobs += roundJobs;
            if (JitInfo.GetCompilationTime() - jitBefore < warmUp.Elapsed * 0.02)
                break;
        }

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var machineBefore = MachineBusyTime();
        var jitAtStart = JitInfo.GetCompilationTime();
        var methodsAtStart = JitInfo.GetCompiledMethodCount();
        var sw = Stopwatch.StartNew();
        var submitted = await SubmitAllAsync(server, owner, count, submitters);
        var enqueueSeconds = sw.Elapsed.TotalSeconds;
        await WaitAllDoneAsync(server, submitted);
        var totalSeconds = sw.Elapsed.TotalSeconds;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var machine = MachineBusyTime() - machineBefore;
        var jit = JitInfo.GetCompilationTime() - jitAtStart;
        var methods = JitInfo.GetCompiledMethodCount() - methodsAtStart;

        await using var scope2 = server.Services.CreateAsyncScope();
        var db = scope2.ServiceProvider.GetRequiredService<EarshotDb>();
        var rows = await db.Jobs.AsNoTracking().Where(j => submitted.Contains(j.Id)).Select(j => new { j.CreatedAt, j.FinishedAt, j.Status, j.Attempts }).ToListAsync();
        var latencies = rows.Select(r => (r.FinishedAt!.Value - r.CreatedAt).TotalMilliseconds).ToList();
        var throughput = count / totalSeconds;

        Console.WriteLine($"{name}:");
        Console.WriteLine($"  succeeded         {rows.Count(r => r.Status == JobStatus.Succeeded)}/{count}, each run once: {rows.All(r => r.Attempts == 1)}");
        Console.WriteLine($"  enqueue rate      {count / enqueueSeconds,9:F0} jobs/s");
        Console.WriteLine($"  throughput        {throughput,9:F0} jobs/s (submit → all done)   goal ≥ {goal}: {(throughput >= goal ? "met" : "not met")}");
        Console.WriteLine($"  latency p50       {Stats.Median(latencies),9:F1} ms enqueue → done   p95 {Stats.Percentile(latencies, 0.95):F1} ms");
        Console.WriteLine($"  process CPU       {cpu.TotalMilliseconds / count,9:F2} ms per job (all threads; less sensitive to machine load than the rates)");
        if (machine > TimeSpan.Zero)
            Console.WriteLine($"  machine CPU       {machine.TotalMilliseconds / count,9:F2} ms per job (every process: this one, a local PostgreSQL, anything else); " +
                              $"{machine.TotalSeconds / totalSeconds:F2} of {Environment.ProcessorCount} cores busy");
        Console.WriteLine($"  JIT in the run    {jit.TotalMilliseconds,9:F0} ms compiling {methods} methods, after a warm-up of {warmUpJobs} jobs (until the JIT took < 2 % of a round)");
        return throughput;
    }

    private static async Task<List<Guid>> SubmitAllAsync(BenchServer server, Guid owner, int count, int submitters)
    {
        var ids = new Guid[count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, submitters).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                // One scope per job, as one HTTP request would have.
                await using var scope = server.Services.CreateAsyncScope();
                var engine = scope.ServiceProvider.GetRequiredService<JobEngine>();
                var (job, error) = await engine.SubmitAsync(owner, EchoPipeline.KindName, new EchoRequest($"job {i}"), CancellationToken.None);
                ids[i] = job?.Id ?? throw new InvalidOperationException(error!.Detail);
            }
        })));
        return [.. ids];
    }

    /// <summary>Waits on the in-process completion signals; rows finished before their waiter was registered are read once.</summary>
    private static async Task WaitAllDoneAsync(BenchServer server, List<Guid> ids)
    {
        var completions = server.Services.GetRequiredService<JobCompletions>();
        var waiters = ids.ToDictionary(id => id, completions.WhenFinished);
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EarshotDb>();
        var finished = await db.Jobs.Where(j => ids.Contains(j.Id) && j.FinishedAt != null).Select(j => j.Id).ToListAsync();
        foreach (var id in finished)
        {
            completions.Forget(id, waiters[id]);
            waiters.Remove(id);
        }
        await Task.WhenAll(waiters.Values).WaitAsync(TimeSpan.FromMinutes(10));
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    /// <summary>CPU time all processes spent since boot (Linux /proc/stat: user, nice, system, irq, softirq, steal); zero elsewhere.</summary>
    private static TimeSpan MachineBusyTime()
    {
        if (!File.Exists("/proc/stat"))
            return TimeSpan.Zero;
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = new[] { 1, 2, 3, 6, 7, 8 }.Sum(i => long.Parse(fields[i]));
        return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ
    }

    private static string LoadAverages() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "?";
}
