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

    /// <summary>Reserves <paramref name="bytes"/> for the owner, or throws 413 when that would take them past the quota.</summary>
    public Reservation Reserve(Guid ownerId, long bytes)
    {
        var reservation = new Reservation(this, ownerId);
        reservation.GrowTo(bytes);
        return reservation;
    }

    private void Adjust(Guid ownerId, long from, long to)
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
                    throw new UploadException(StatusCodes.Status413PayloadTooLarge,
                        $"Storage quota exceeded: you keep {used} bytes (with uploads in progress), this needs {adding} more, and the limit is {quota}. "
                        + "Delete files to make room.");
            }
            ledger.Reserved += to - from;
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

        /// <summary>Holds <paramref name="bytes"/> in all (once the upload's full size is known), or throws 413 and keeps what it held.</summary>
        public void GrowTo(long bytes)
        {
            if (bytes <= _bytes)
                return;
            _quota.Adjust(_ownerId, _bytes, bytes);
            _bytes = bytes;
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
