using System.Collections.Concurrent;

namespace Earshot.Server.Jobs;

/// <summary>
/// Wakes waiters the moment a job finishes in this process. Jobs finished by another process are still seen by
/// the waiter's periodic look at the database, so this is an accelerator, never the only signal.
/// </summary>
public sealed class JobCompletions
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _waiters = new();

    public Task WhenFinished(Guid jobId) =>
        _waiters.GetOrAdd(jobId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Finished(Guid jobId)
    {
        if (_waiters.TryRemove(jobId, out var waiter))
            waiter.TrySetResult();
    }

    /// <summary>Drops a waiter nobody needs any more (the wait timed out or was cancelled).</summary>
    public void Forget(Guid jobId, Task waiter)
    {
        if (_waiters.TryGetValue(jobId, out var source) && source.Task == waiter && !waiter.IsCompleted)
            _waiters.TryRemove(new KeyValuePair<Guid, TaskCompletionSource>(jobId, source));
    }
}
