using System.Collections.Concurrent;
using Earshot.Audio;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Streaming;

public enum UploadStreamRefusal { None, UserLimit, ServerLimit }

/// <summary>
/// HTTP upload streams (seed shape): PCM s16le 16 kHz mono sent in chunks, spooled to disk under {data}/upload-streams
/// as they arrive, so memory use does not grow with them and an acknowledged chunk survives a crash: streams found there
/// at start-up are open again. Each holds at most Earshot:MaxUploadBytes; a user may have Streaming:MaxUploadStreamsPerUser
/// open, the server Streaming:MaxUploadStreams; one untouched for Streaming:UploadStreamIdleTimeout is dropped.
/// </summary>
public sealed class UploadStreams
{
    private const string OwnerFile = "owner";
    private const string AudioFile = "audio.wav";

    private readonly ConcurrentDictionary<Guid, UploadStream> _open = new();
    private readonly IOptions<EarshotOptions> _earshot;
    private readonly IOptions<StreamingOptions> _streaming;
    private readonly TimeProvider _clock;
    private readonly Lock _admission = new();
    private readonly string _root;

    public UploadStreams(IOptions<EarshotOptions> earshot, IOptions<StreamingOptions> streaming, TimeProvider clock, ILogger<UploadStreams> logger)
    {
        (_earshot, _streaming, _clock) = (earshot, streaming, clock);
        _root = earshot.Value.ResolveData("upload-streams");
        Directory.CreateDirectory(_root);
        var recovered = Recover();
        if (recovered > 0)
            UploadStreamLog.Recovered(logger, recovered);
    }

    public long MaxBytes => _earshot.Value.MaxUploadBytes;

    public (Guid? Id, UploadStreamRefusal Refusal) Start(Guid ownerId)
    {
        Sweep();
        lock (_admission)
        {
            if (_open.Values.Count(s => s.OwnerId == ownerId) >= _streaming.Value.MaxUploadStreamsPerUser)
                return (null, UploadStreamRefusal.UserLimit);
            if (_open.Count >= _streaming.Value.MaxUploadStreams)
                return (null, UploadStreamRefusal.ServerLimit);
            var id = Guid.CreateVersion7();
            var directory = Directory.CreateDirectory(Path.Combine(_root, id.ToString("N"))).FullName;
            File.WriteAllText(Path.Combine(directory, OwnerFile), ownerId.ToString());
            using (var audio = File.Create(Path.Combine(directory, AudioFile)))
                audio.Write(new byte[WavFile.HeaderSize]);
            _open[id] = new UploadStream(id, ownerId, directory, _clock.GetUtcNow());
            return (id, UploadStreamRefusal.None);
        }
    }

    public IReadOnlyList<Guid> List(Guid ownerId)
    {
        Sweep();
        return _open.Values.Where(s => s.OwnerId == ownerId).OrderBy(s => s.Id).Select(s => s.Id).ToList();
    }

    public UploadStream? Find(Guid ownerId, Guid id) =>
        _open.TryGetValue(id, out var s) && s.OwnerId == ownerId && !Expired(s) ? s : null;

    /// <summary>Closes the stream and deletes its audio.</summary>
    public bool Remove(Guid ownerId, Guid id)
    {
        if (Find(ownerId, id) is not { } stream || !_open.TryRemove(id, out _))
            return false;
        stream.Discard();
        return true;
    }

    /// <summary>Closes the stream and hands its spool file (a complete WAV) to the caller, who must move or delete it.</summary>
    public async Task<string?> TakeAsync(Guid ownerId, Guid id, CancellationToken cancellationToken)
    {
        if (Find(ownerId, id) is not { } stream || !_open.TryRemove(id, out _))
            return null;
        return await stream.CompleteAsync(cancellationToken);
    }

    /// <summary>Drops the streams idle for longer than Streaming:UploadStreamIdleTimeout; returns how many.</summary>
    public int Sweep()
    {
        var dropped = 0;
        foreach (var stream in _open.Values.Where(Expired).ToList())
        {
            if (_open.TryRemove(stream.Id, out _))
            {
                stream.Discard();
                dropped++;
            }
        }
        return dropped;
    }

    private bool Expired(UploadStream stream) => _clock.GetUtcNow() - stream.LastActivity > _streaming.Value.UploadStreamIdleTimeout;

    private int Recover()
    {
        var count = 0;
        foreach (var directory in Directory.EnumerateDirectories(_root))
        {
            var owner = Path.Combine(directory, OwnerFile);
            var audio = Path.Combine(directory, AudioFile);
            if (Guid.TryParseExact(Path.GetFileName(directory), "N", out var id) && File.Exists(audio)
                && File.Exists(owner) && Guid.TryParse(File.ReadAllText(owner), out var ownerId))
            {
                _open[id] = new UploadStream(id, ownerId, directory, _clock.GetUtcNow());
                count++;
            }
            else
            {
                // a stream that crashed while it was being created: nothing of it was acknowledged
                Directory.Delete(directory, recursive: true);
            }
        }
        return count;
    }
}

/// <summary>One upload stream: a directory with its owner and a WAV file whose header is written when it finishes.</summary>
public sealed class UploadStream(Guid id, Guid ownerId, string directory, DateTimeOffset openedAt)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _lastActivityTicks = openedAt.UtcTicks;

    public Guid Id { get; } = id;
    public Guid OwnerId { get; } = ownerId;
    private string AudioPath => Path.Combine(directory, "audio.wav");

    public DateTimeOffset LastActivity => new(Interlocked.Read(ref _lastActivityTicks), TimeSpan.Zero);

    /// <summary>PCM bytes received so far.</summary>
    public long Bytes => Math.Max(0, new FileInfo(AudioPath).Length - WavFile.HeaderSize);

    /// <summary>The PCM bytes received so far, read from the spool (at most Earshot:MaxUploadBytes).</summary>
    public byte[] Snapshot()
    {
        using var file = new FileStream(AudioPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var bytes = new byte[Math.Max(0, file.Length - WavFile.HeaderSize)];
        file.Seek(WavFile.HeaderSize, SeekOrigin.Begin);
        file.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>
    /// Appends <paramref name="chunk"/>'s bytes as they arrive. Returns the new total, or null (nothing appended) when the
    /// stream would pass <paramref name="maxBytes"/>. The bytes are written through to the file before this returns.
    /// </summary>
    public async Task<long?> AppendAsync(Stream chunk, long maxBytes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            Touch(now);
            await using var file = new FileStream(AudioPath, FileMode.Open, FileAccess.Write, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);
            var start = file.Seek(0, SeekOrigin.End);
            var buffer = new byte[64 * 1024];
            try
            {
                int read;
                while ((read = await chunk.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    if (file.Position + read - WavFile.HeaderSize > maxBytes)
                    {
                        file.SetLength(start);
                        return null;
                    }
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                await file.FlushAsync(cancellationToken);
                return file.Length - WavFile.HeaderSize;
            }
            catch
            {
                // a chunk that did not arrive whole is not acknowledged, so none of it stays
                file.SetLength(start);
                throw;
            }
        }
        finally
        {
            Touch(now);
            _gate.Release();
        }
    }

    internal async Task<string> CompleteAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var file = new FileStream(AudioPath, FileMode.Open, FileAccess.Write);
            file.Write(WavFile.Header((file.Length - WavFile.HeaderSize) / 2, Earshot.Sdk.Models.AudioBuffer.CanonicalSampleRate));
            return AudioPath;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Deletes the stream's directory once its caller is done with the audio file.</summary>
    public void Discard()
    {
        if (Directory.Exists(directory))
            Directory.Delete(directory, recursive: true);
    }

    private void Touch(DateTimeOffset now) => Interlocked.Exchange(ref _lastActivityTicks, now.UtcTicks);
}

/// <summary>Drops idle upload streams even when nobody lists or opens streams.</summary>
internal sealed class UploadStreamSweeper(UploadStreams streams, IOptions<StreamingOptions> options, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromTicks(Math.Clamp(options.Value.UploadStreamIdleTimeout.Ticks / 4, TimeSpan.TicksPerMillisecond * 200, TimeSpan.TicksPerMinute));
        using var timer = new PeriodicTimer(period, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                streams.Sweep();
        }
        catch (OperationCanceledException)
        {
        }
    }
}

internal static partial class UploadStreamLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Reopened {Count} upload stream(s) spooled before a restart")]
    public static partial void Recovered(ILogger logger, int count);
}
