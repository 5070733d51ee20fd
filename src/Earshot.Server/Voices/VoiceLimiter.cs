using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Voices;

/// <summary>Per-account cap on voiceprint extractions running at once (fairness: one account cannot take every core).</summary>
public sealed class VoiceLimiter(IOptions<VoiceOptions> options)
{
    private readonly ConcurrentDictionary<Guid, int> _running = new();

    /// <summary>A lease to dispose when the work ends, or null when the account is at its limit.</summary>
    public IDisposable? TryEnter(Guid ownerId)
    {
        var limit = options.Value.MaxConcurrentPerUser;
        while (true)
        {
            var current = _running.GetOrAdd(ownerId, 0);
            if (current >= limit)
                return null;
            if (_running.TryUpdate(ownerId, current + 1, current))
                return new Lease(this, ownerId);
        }
    }

    public int Limit => options.Value.MaxConcurrentPerUser;

    private void Leave(Guid ownerId) => _running.AddOrUpdate(ownerId, 0, (_, n) => Math.Max(0, n - 1));

    private sealed class Lease(VoiceLimiter limiter, Guid ownerId) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                limiter.Leave(ownerId);
        }
    }
}
