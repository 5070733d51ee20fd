using Earshot.Audio;

namespace Earshot.Server.Streaming;

/// <summary>
/// Compressed audio of a live stream (WebM/Opus from a browser's MediaRecorder, Ogg, MP3, FLAC …) decoded through an
/// ffmpeg pipe as it arrives. A reader task hands the 16 kHz PCM to <c>onPcm</c> in pieces of at most 0.25 s; when
/// decoding or the handler fails, <see cref="Failure"/> is set and <c>onFailure</c> runs, so the session's receive loop
/// can stop at once instead of waiting for the client's next message.
/// </summary>
public sealed class CompressedStreamInput : IAsyncDisposable
{
    /// <summary>Values of the config's "format" that go through ffmpeg ("pcm", the default, is raw s16le).</summary>
    public static readonly IReadOnlySet<string> Formats = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "webm", "ogg", "mp3", "flac", "wav" };

    // Small probe and per-packet flushing: otherwise ffmpeg reads megabytes before it starts and partials lag by seconds.
    // Not "-fflags nobuffer": it drops the packets read while probing, the first 32 kB of the stream (1 s of 16 kHz WAV).
    private static readonly string[] LowLatencyInput = ["-probesize", "32768", "-analyzeduration", "0"];
    private const int PieceSamples = 4000; // 0.25 s at 16 kHz

    private readonly PcmStreamDecoder decoder;
    private readonly Task reading;

    private CompressedStreamInput(Func<short[], Task> onPcm, Action onFailure)
    {
        decoder = PcmStreamDecoder.Start(inputOptions: LowLatencyInput);
        reading = Task.Run(async () =>
        {
            try
            {
                var piece = new short[PieceSamples];
                int count;
                while ((count = await decoder.ReadAsync(piece, CancellationToken.None)) > 0)
                    await onPcm(piece[..count]);
            }
            catch (Exception ex)
            {
                Failure = ex;
                onFailure();
                throw;
            }
        });
    }

    /// <summary>Why decoding stopped early, or null.</summary>
    public Exception? Failure { get; private set; }

    public static CompressedStreamInput Start(Func<short[], Task> onPcm, Action onFailure) => new(onPcm, onFailure);

    /// <exception cref="MediaException">ffmpeg gave up on the bytes sent so far.</exception>
    public ValueTask WriteAsync(ReadOnlyMemory<byte> compressed, CancellationToken cancellationToken) =>
        decoder.WriteAsync(compressed, cancellationToken);

    /// <summary>Ends the input and waits until every decoded sample went through <c>onPcm</c>; rethrows a failure.</summary>
    public async Task CompleteAsync()
    {
        await decoder.CompleteInputAsync();
        await reading;
    }

    /// <summary>Stops ffmpeg and the reader (after which <c>onPcm</c> is no longer called).</summary>
    public async ValueTask DisposeAsync()
    {
        await decoder.DisposeAsync();
        await reading.ContinueWith(static _ => { }, TaskScheduler.Default);
    }
}
