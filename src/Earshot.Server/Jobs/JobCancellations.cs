using System.Collections.Concurrent;

namespace Earshot.Server.Jobs;

/// <summary>Cancellation sources of the jobs running in this process, so DELETE stops them at once.</summary>
public sealed class JobCancellations
{
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _running = new();

    public IDisposable Register(Guid jobId, CancellationTokenSource source)
    {
        _running[jobId] = source;
        return new Registration(() => _running.TryRemove(jobId, out _));
    }

    public void Cancel(Guid jobId)
    {
        if (_running.TryGetValue(jobId, out var source))
            source.Cancel();
    }

    private sealed class Registration(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
