using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Streaming;

/// <summary>
/// HTTP upload streams (seed shape): PCM s16le 16 kHz mono sent in chunks, kept in memory until finished or deleted.
/// Each is bounded by Earshot:MaxUploadBytes; at most Streaming:MaxUploadStreams are open at once.
/// </summary>
public sealed class UploadStreams(IOptions<EarshotOptions> earshot, IOptions<StreamingOptions> streaming)
{
    private readonly ConcurrentDictionary<Guid, UploadStream> _open = new();

    public Guid? Start(Guid ownerId)
    {
        if (_open.Count >= streaming.Value.MaxUploadStreams)
            return null;
        var stream = new UploadStream(ownerId);
        _open[stream.Id] = stream;
        return stream.Id;
    }

    public IReadOnlyList<Guid> List(Guid ownerId) =>
        _open.Values.Where(s => s.OwnerId == ownerId).OrderBy(s => s.CreatedAt).Select(s => s.Id).ToList();

    public UploadStream? Find(Guid ownerId, Guid id) => _open.TryGetValue(id, out var s) && s.OwnerId == ownerId ? s : null;

    public long MaxBytes => earshot.Value.MaxUploadBytes;

    public bool Remove(Guid ownerId, Guid id) => Find(ownerId, id) is { } stream && _open.TryRemove(stream.Id, out _);
}

public sealed class UploadStream(Guid ownerId)
{
    private readonly MemoryStream _bytes = new();

    public Guid Id { get; } = Guid.CreateVersion7();
    public Guid OwnerId { get; } = ownerId;
    public DateTime CreatedAt { get; } = DateTime.UtcNow;

    /// <summary>Appends a chunk; false (nothing appended) when it would pass <paramref name="maxBytes"/>.</summary>
    public bool TryAppend(ReadOnlySpan<byte> chunk, long maxBytes, out long total)
    {
        lock (_bytes)
        {
            total = _bytes.Length;
            if (total + chunk.Length > maxBytes)
                return false;
            _bytes.Write(chunk);
            total = _bytes.Length;
            return true;
        }
    }

    public byte[] Snapshot()
    {
        lock (_bytes)
            return _bytes.ToArray();
    }
}
