using System.Buffers.Binary;
using System.Globalization;
using Earshot.Sdk.Models;

namespace Earshot.Audio;

/// <summary>
/// Decodes a file with ffmpeg to 16 kHz 16-bit PCM keeping every channel, and hands it out piece by piece, one span per
/// channel, so an hour of audio never sits in memory. Stops (and kills ffmpeg) when a callback says so or more than
/// <c>maxSamplesPerChannel</c> arrive.
/// </summary>
public static class ChannelPcmReader
{
    /// <param name="onSamples">Called with each piece: one array per channel, and how many samples of each are valid.</param>
    /// <returns>Samples per channel read.</returns>
    /// <exception cref="MediaException">ffmpeg could not decode the file.</exception>
    /// <exception cref="AudioTooLongException">More than <paramref name="maxSamplesPerChannel"/> samples per channel.</exception>
    public static async Task<long> ReadAsync(string path, int channels, long maxSamplesPerChannel, Action<short[][], int> onSamples,
        CancellationToken cancellationToken, string ffmpegPath = "ffmpeg")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        using var process = ProcessRunner.StartRedirected(ffmpegPath,
            ["-nostdin", "-hide_banner", "-v", "error", "-i", path, "-vn", "-f", "s16le", "-c:a", "pcm_s16le",
             "-ac", channels.ToString(CultureInfo.InvariantCulture),
             "-ar", AudioBuffer.CanonicalSampleRate.ToString(CultureInfo.InvariantCulture), "pipe:1"]);
        process.StandardInput.Close();
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        var frameBytes = 2 * channels;
        var buffer = new byte[frameBytes * 8192];
        var pieces = Enumerable.Range(0, channels).Select(_ => new short[8192]).ToArray();
        var carried = 0;
        long total = 0;
        try
        {
            var output = process.StandardOutput.BaseStream;
            int read;
            while ((read = await output.ReadAsync(buffer.AsMemory(carried), cancellationToken)) > 0)
            {
                var available = carried + read;
                var frames = available / frameBytes;
                for (var f = 0; f < frames; f++)
                {
                    for (var c = 0; c < channels; c++)
                        pieces[c][f] = BinaryPrimitives.ReadInt16LittleEndian(buffer.AsSpan(f * frameBytes + c * 2));
                }
                total += frames;
                if (total > maxSamplesPerChannel)
                    throw new AudioTooLongException(maxSamplesPerChannel);
                if (frames > 0)
                    onSamples(pieces, frames);
                carried = available - frames * frameBytes;
                buffer.AsSpan(frames * frameBytes, carried).CopyTo(buffer);
            }
            await process.WaitForExitAsync(cancellationToken);
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
        await errors.ContinueWith(static _ => { }, TaskScheduler.Default);
        if (process.ExitCode != 0 || total == 0)
            throw new MediaException("The audio could not be decoded.");
        return total;
    }
}

/// <summary>The decoded audio runs past the allowed length.</summary>
public sealed class AudioTooLongException(long maxSamplesPerChannel)
    : Exception($"The audio is longer than the {maxSamplesPerChannel / (double)AudioBuffer.CanonicalSampleRate:0.#} s allowed per channel.");
