using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using Earshot.Sdk.Models;

namespace Earshot.Audio;

/// <summary>
/// A running <c>ffmpeg -i pipe:0 -f s16le -ac 1 -ar 16000 pipe:1</c>: write compressed bytes in, read 16-bit mono PCM out.
/// Writing and reading must run concurrently (different tasks), because ffmpeg stops reading input while its output pipe
/// is full. Call <see cref="CompleteInputAsync"/> after the last write; reading then returns 0 at the end of the stream, and
/// throws <see cref="MediaException"/> if ffmpeg could not decode what it got. Disposing kills ffmpeg if it still runs.
/// Formats that need seeking (MP4/M4A with the index at the end) cannot be decoded from a pipe; MP3, FLAC, Ogg, WAV, WebM can.
/// One writer and one reader at a time.
/// </summary>
public sealed class PcmStreamDecoder : IAsyncDisposable
{
    private readonly Process process;
    private readonly Stream input;
    private readonly Stream output;
    private readonly Task errorsDrained;
    private readonly byte[] readBuffer = new byte[64 * 1024];
    private int carriedByte = -1;
    private bool finished;
    private bool disposed;

    private PcmStreamDecoder(Process process, int sampleRate)
    {
        this.process = process;
        SampleRate = sampleRate;
        input = process.StandardInput.BaseStream;
        output = process.StandardOutput.BaseStream;
        // ffmpeg blocks if nobody reads its stderr; the detail is not passed on, as with Ffmpeg.ConvertToCanonicalWavAsync.
        errorsDrained = process.StandardError.BaseStream.CopyToAsync(Stream.Null);
    }

    /// <summary>Rate of the PCM read out.</summary>
    public int SampleRate { get; }

    /// <summary>Starts ffmpeg. <paramref name="sampleRate"/> is the PCM rate wanted (16 kHz canonical); <paramref name="inputOptions"/>
    /// go before <c>-i</c> (e.g. a small <c>-probesize</c> for live input).</summary>
    public static PcmStreamDecoder Start(string ffmpegPath = "ffmpeg", int sampleRate = AudioBuffer.CanonicalSampleRate,
        IReadOnlyList<string>? inputOptions = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        var process = ProcessRunner.StartRedirected(ffmpegPath,
            ["-hide_banner", "-v", "error", .. inputOptions ?? [], "-i", "pipe:0", "-vn", "-f", "s16le", "-c:a", "pcm_s16le",
             "-ac", "1", "-ar", sampleRate.ToString(CultureInfo.InvariantCulture), "-flush_packets", "1", "pipe:1"]);
        return new PcmStreamDecoder(process, sampleRate);
    }

    /// <summary>Decodes a whole compressed stream (e.g. an upload body) while it is being read.</summary>
    public static async Task<AudioBuffer> DecodeAsync(Stream compressed, CancellationToken cancellationToken, string ffmpegPath = "ffmpeg")
    {
        await using var decoder = Start(ffmpegPath);
        var feeding = decoder.FeedAsync(compressed, cancellationToken);
        AudioBuffer audio;
        try
        {
            audio = await decoder.ReadToEndAsync(cancellationToken);
        }
        catch
        {
            decoder.Kill();
            await feeding.ContinueWith(static _ => { }, TaskScheduler.Default);
            throw;
        }
        await feeding;
        return audio;
    }

    /// <summary>Passes compressed bytes to ffmpeg. Throws <see cref="MediaException"/> if ffmpeg has already given up.</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> compressed, CancellationToken cancellationToken)
    {
        try
        {
            await input.WriteAsync(compressed, cancellationToken);
        }
        catch (IOException)
        {
            throw new MediaException("The audio stream could not be decoded.");
        }
    }

    /// <summary>Signals the end of the compressed input so ffmpeg can flush and exit.</summary>
    public async ValueTask CompleteInputAsync()
    {
        try
        {
            await input.FlushAsync();
        }
        catch (IOException)
        {
            // ffmpeg already exited; the reader reports why.
        }
        await input.DisposeAsync();
    }

    /// <summary>
    /// Reads up to <c>destination.Length</c> samples; returns how many, or 0 once ffmpeg has finished and everything was read.
    /// Waits for data like a stream read does.
    /// </summary>
    public async ValueTask<int> ReadAsync(Memory<short> destination, CancellationToken cancellationToken)
    {
        if (destination.IsEmpty || finished)
            return 0;
        var offset = carriedByte >= 0 ? 1 : 0;
        if (carriedByte >= 0)
            readBuffer[0] = (byte)carriedByte;
        var wanted = Math.Min(readBuffer.Length, destination.Length * 2);
        while (true)
        {
            var read = await output.ReadAsync(readBuffer.AsMemory(offset, wanted - offset), cancellationToken);
            if (read == 0)
            {
                await FinishAsync(cancellationToken);
                return 0;
            }
            var available = offset + read;
            if (available < 2)
            {
                offset = available;
                continue;
            }
            var samples = available / 2;
            carriedByte = available % 2 == 1 ? readBuffer[available - 1] : -1;
            var target = destination.Span;
            for (var i = 0; i < samples; i++)
                target[i] = BinaryPrimitives.ReadInt16LittleEndian(readBuffer.AsSpan(i * 2));
            return samples;
        }
    }

    /// <summary>Reads all remaining PCM into one buffer.</summary>
    public async Task<AudioBuffer> ReadToEndAsync(CancellationToken cancellationToken)
    {
        var samples = new List<short>();
        var chunk = new short[readBuffer.Length / 2];
        int count;
        while ((count = await ReadAsync(chunk, cancellationToken)) > 0)
            samples.AddRange(chunk.AsSpan(0, count));
        return new AudioBuffer([.. samples], SampleRate);
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
            return;
        disposed = true;
        Kill();
        await process.WaitForExitAsync(CancellationToken.None);
        await errorsDrained.ContinueWith(static _ => { }, TaskScheduler.Default);
        process.Dispose();
    }

    private void Kill()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    /// <summary>Copies the source into ffmpeg and always closes ffmpeg's input, so the reader cannot wait forever.</summary>
    private async Task FeedAsync(Stream compressed, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await compressed.ReadAsync(buffer, cancellationToken)) > 0)
                await WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        catch (MediaException)
        {
            // ffmpeg stopped reading; the reader reports the decoding error.
        }
        finally
        {
            await CompleteInputAsync();
        }
    }

    private async Task FinishAsync(CancellationToken cancellationToken)
    {
        finished = true;
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
            throw new MediaException("The audio stream could not be decoded.");
    }
}
