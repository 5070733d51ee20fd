using Hangfire;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Jobs;

/// <summary>The two Hangfire queues, each with workers of its own, so short work never waits behind long work.</summary>
public static class JobQueues
{
    public const string Interactive = "interactive";
    public const string Batch = "batch";

    public static string Enqueue(IBackgroundJobClient hangfire, Guid jobId, string queue) =>
        hangfire.Enqueue<JobExecutor>(queue, executor => executor.ExecuteAsync(jobId, queue, CancellationToken.None));
}

/// <summary>
/// Per-user running slots (<see cref="JobOptions.MaxRunningPerUser"/> per queue, in this process). A worker that picks up
/// a job whose owner has no free slot parks it and moves on to the next job in its queue, instead of holding a worker
/// while it waits; the job goes back to the end of its queue when one of the owner's running jobs there ends.
/// </summary>
public sealed class JobSlots(IBackgroundJobClient hangfire, IOptions<JobOptions> options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(Guid Owner, string Queue), int> _running = [];
    private readonly Dictionary<(Guid Owner, string Queue), Queue<Guid>> _parked = [];

    /// <summary>Takes a slot, or parks <paramref name="jobId"/> and returns false.</summary>
    public bool TryTake(Guid ownerId, string queue, Guid jobId)
    {
        var key = (ownerId, queue);
        lock (_lock)
        {
            var running = _running.GetValueOrDefault(key);
            if (running < options.Value.MaxRunningPerUser)
            {
                _running[key] = running + 1;
                return true;
            }
            if (!_parked.TryGetValue(key, out var parked))
                _parked[key] = parked = new Queue<Guid>();
            if (!parked.Contains(jobId))
                parked.Enqueue(jobId);
            return false;
        }
    }

    /// <summary>Gives a slot back and sends the owner's oldest parked job in that queue to a worker again.</summary>
    public void Release(Guid ownerId, string queue)
    {
        var key = (ownerId, queue);
        Guid? next = null;
        lock (_lock)
        {
            var running = _running.GetValueOrDefault(key) - 1;
            if (running > 0)
                _running[key] = running;
            else
                _running.Remove(key);
            if (_parked.TryGetValue(key, out var parked) && parked.TryDequeue(out var id))
            {
                next = id;
                if (parked.Count == 0)
                    _parked.Remove(key);
            }
        }
        if (next is { } jobId)
            JobQueues.Enqueue(hangfire, jobId, queue);
    }

    /// <summary>Jobs of <paramref name="ownerId"/> waiting in this process for one of their running jobs to end.</summary>
    public int Parked(Guid ownerId)
    {
        lock (_lock)
            return _parked.Where(p => p.Key.Owner == ownerId).Sum(p => p.Value.Count);
    }

    /// <summary>Jobs of <paramref name="ownerId"/> running in this process, over both queues.</summary>
    public int Running(Guid ownerId)
    {
        lock (_lock)
            return _running.Where(r => r.Key.Owner == ownerId).Sum(r => r.Value);
    }
}
