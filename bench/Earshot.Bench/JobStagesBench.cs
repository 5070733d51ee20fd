using System.Diagnostics;
using Earshot.Server.Infrastructure;
using Earshot.Server.Jobs;
using Earshot.Server.Jobs.Pipelines;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Earshot.Bench;

/// <summary>
/// Where a no-op job's time goes, one stage at a time on one thread: submitting (validation, limits, the row, the Hangfire
/// enqueue) with no workers running; running the stored jobs by calling the executor directly (claim, pipeline, finish,
/// activity); and a Hangfire round trip of an empty method through the interactive queue, without the database.
/// </summary>
public static class JobStagesBench
{
    private static int _noOps;
    private static TaskCompletionSource _allNoOps = new();

    public static async Task RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0]) : 1000;
        Console.WriteLine($"job stages: {count} system.echo jobs, one thread, {Environment.ProcessorCount} cores, load average {LoadAverage()}");
        await using (var server = await BenchServer.StartAsync("--Jobs:MaxQueuedPerUser=1000000", "--Jobs:RunWorkers=false"))
        {
            await server.CreateUserClientAsync();
            Guid owner;
            await using (var scope = server.Services.CreateAsyncScope())
                owner = (await scope.ServiceProvider.GetRequiredService<EarshotDb>().Users.FirstAsync()).Id;
            var executor = server.Services.GetRequiredService<JobExecutor>();
            // Warm-up, so that the JIT has optimized the hot path before it is timed.
            foreach (var id in await SubmitAsync(server, owner, 200))
                await executor.ExecuteAsync(id, JobQueues.Interactive, CancellationToken.None);
            var ids = new List<Guid>();
            var submit = await MeasureAsync(async () => ids.AddRange(await SubmitAsync(server, owner, count)));
            Print("submit", submit, count);

            var run = await MeasureAsync(async () =>
            {
                foreach (var id in ids)
                    await executor.ExecuteAsync(id, JobQueues.Interactive, CancellationToken.None);
            });
            Print("execute (direct)", run, count);
        }

        await using (var server = await BenchServer.StartAsync())
        {
            var hangfire = server.Services.GetRequiredService<IBackgroundJobClient>();
            await RoundTripsAsync(hangfire, 200);
            var roundTrips = await MeasureAsync(() => RoundTripsAsync(hangfire, count));
            Print("Hangfire round trip", roundTrips, count);
        }
    }

    private static async Task<List<Guid>> SubmitAsync(BenchServer server, Guid owner, int count)
    {
        var ids = new List<Guid>(count);
        for (var i = 0; i < count; i++)
        {
            await using var scope = server.Services.CreateAsyncScope();
            var (job, error) = await scope.ServiceProvider.GetRequiredService<JobEngine>()
                .SubmitAsync(owner, EchoPipeline.KindName, new EchoRequest($"job {i}"), CancellationToken.None);
            ids.Add(job?.Id ?? throw new InvalidOperationException(error!.Detail));
        }
        return ids;
    }

    private static async Task RoundTripsAsync(IBackgroundJobClient hangfire, int count)
    {
        _noOps = count;
        _allNoOps = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        for (var i = 0; i < count; i++)
            hangfire.Enqueue(JobQueues.Interactive, () => NoOp());
        await _allNoOps.Task.WaitAsync(TimeSpan.FromMinutes(5));
    }

    /// <summary>The Hangfire job of the round trip; public so that Hangfire can call it.</summary>
    public static void NoOp()
    {
        if (Interlocked.Decrement(ref _noOps) == 0)
            _allNoOps.TrySetResult();
    }

    private static async Task<(TimeSpan Wall, TimeSpan Cpu)> MeasureAsync(Func<Task> stage)
    {
        using var self = Process.GetCurrentProcess();
        var cpu = self.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        await stage();
        self.Refresh();
        return (sw.Elapsed, self.TotalProcessorTime - cpu);
    }

    private static void Print(string stage, (TimeSpan Wall, TimeSpan Cpu) measured, int count) =>
        Console.WriteLine($"{stage,-22} {measured.Wall.TotalMilliseconds / count,7:F2} ms wall per job   {measured.Cpu.TotalMilliseconds / count,7:F2} ms process CPU per job   {count / measured.Wall.TotalSeconds,7:F0} jobs/s");

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "?";
}
