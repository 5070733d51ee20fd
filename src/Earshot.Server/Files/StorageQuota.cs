using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Files;

/// <summary>
/// Earshot:MaxStorageBytesPerUser, held under parallel uploads: an upload reserves its bytes before it writes them, and
/// a check counts the bytes in the store plus every reservation still open, one owner at a time. Without the
/// reservation two uploads could both see room for themselves, then both write. A reservation is released when the
/// bytes are in the store (or the upload failed); until then they count twice, which errs on the side of the limit.
/// </summary>
public sealed class StorageQuota(IFileStore store, IOptions<EarshotOptions> options)
{
    private readonly ConcurrentDictionary<Guid, Ledger> _ledgers = new();

    /// <summary>Reserves <paramref name="bytes"/> for the owner, or a 413 rejection when that would take them past the quota.</summary>
    public (Reservation? Reservation, UploadRejection? Rejection) Reserve(Guid ownerId, long bytes)
    {
        var reservation = new Reservation(this, ownerId);
        return reservation.GrowTo(bytes) is { } rejection ? (null, rejection) : (reservation, null);
    }

    private UploadRejection? Adjust(Guid ownerId, long from, long to)
    {
        var ledger = _ledgers.GetOrAdd(ownerId, _ => new Ledger());
        lock (ledger)
        {
            if (to > from)
            {
                var quota = options.Value.MaxStorageBytesPerUser;
                var used = store.UsedBytes($"{ownerId:N}") + ledger.Reserved;
                var adding = to - from;
                if (used + adding > quota)
                    return UploadRejection.TooLarge(
                        $"Storage quota exceeded: you keep {used} bytes (with uploads in progress), this needs {adding} more, and the limit is {quota}. "
                        + "Delete files to make room.");
            }
            ledger.Reserved += to - from;
            return null;
        }
    }

    private sealed class Ledger
    {
        public long Reserved;
    }

    /// <summary>Bytes held for one upload until it is stored or has failed; disposing releases them.</summary>
    public sealed class Reservation : IDisposable
    {
        private readonly StorageQuota _quota;
        private readonly Guid _ownerId;
        private long _bytes;

        internal Reservation(StorageQuota quota, Guid ownerId) => (_quota, _ownerId) = (quota, ownerId);

        /// <summary>Holds <paramref name="bytes"/> in all (once the upload's full size is known), or returns a 413 rejection and
        /// keeps what it held.</summary>
        public UploadRejection? GrowTo(long bytes)
        {
            if (bytes <= _bytes)
                return null;
            if (_quota.Adjust(_ownerId, _bytes, bytes) is { } rejection)
                return rejection;
            _bytes = bytes;
            return null;
        }

        public void Dispose()
        {
            if (_bytes == 0)
                return;
            _quota.Adjust(_ownerId, _bytes, 0);
            _bytes = 0;
        }
    }
}
