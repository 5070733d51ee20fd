using Hangfire;
using Hangfire.States;

namespace Earshot.Server.Jobs;

/// <summary>
/// Hangfire's global handlers of the Succeeded and Deleted states only count statistics for its dashboard, which this
/// server does not serve: on PostgreSQL a counter row per finished job, later aggregated by a background process.
/// The handlers that do the work (Enqueued puts the id in its queue) stay.
/// </summary>
internal static class HangfireStatistics
{
    private static readonly Lock Gate = new();

    public static void StopCounting()
    {
        // A process-wide list: every host in the process (tests, benches) changes it, so one at a time.
        lock (Gate)
        {
            foreach (var handler in GlobalStateHandlers.Handlers.Where(h => h.StateName == SucceededState.StateName || h.StateName == DeletedState.StateName).ToList())
                GlobalStateHandlers.Handlers.Remove(handler);
        }
    }
}
