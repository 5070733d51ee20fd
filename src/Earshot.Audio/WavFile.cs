using System.Buffers.Binary;
using Earshot.Sdk.Models;

namespace Earshot.Audio;

/// <summary>Where the samples of a 16-bit mono WAV file lie: <see cref="DataOffset"/> is the byte offset of sample 0.</summary>
public sealed record WavInfo(int SampleRate, long DataOffset, long SampleCount)
{
    public double DurationSeconds => (double)SampleCount / SampleRate;
}

/// <summary>Reads and writes 16-bit PCM mono WAV files, the canonical format Earshot stores for engines.</summary>
public static class WavFile
{
    public const int HeaderSize = 44;

    public static AudioBuffer Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream);
    }

    public static AudioBuffer Read(Stream stream)
    {
        var info = ReadInfo(stream);
        return ReadRange(stream, info, 0, (int)Math.Min(info.SampleCount, int.MaxValue));
    }

    /// <summary>Parses the header of a 16-bit mono WAV file without reading its samples.</summary>
    public static WavInfo ReadInfo(string path)
    {
        using var stream = File.OpenRead(path);
        return ReadInfo(stream);
    }

    /// <summary>Parses the header; leaves the stream anywhere (use <see cref="ReadRange(Stream, WavInfo, long, int)"/> to read samples).</summary>
    public static WavInfo ReadInfo(Stream stream)
    {
        using var reader = new BinaryReader(stream, System.Text.Encoding.ASCII, leaveOpen: true);
        if (stream.Length - stream.Position < 12 || new string(reader.ReadChars(4)) != "RIFF")
            throw new MediaException("Not a RIFF/WAV file.");
        reader.ReadInt32();
        if (new string(reader.ReadChars(4)) != "WAVE")
            throw new MediaException("Not a WAV file.");

        var sampleRate = 0;
        while (stream.Length - stream.Position >= 8)
        {
            var chunk = new string(reader.ReadChars(4));
            var size = reader.ReadInt32();
            if (chunk == "fmt ")
            {
                var format = reader.ReadInt16();
                var channels = reader.ReadInt16();
                sampleRate = reader.ReadInt32();
                reader.ReadInt32();
                reader.ReadInt16();
                var bits = reader.ReadInt16();
                if (format != 1 || bits != 16 || channels != 1)
                    throw new MediaException("Only 16-bit PCM mono WAV is supported here; convert with ffmpeg first.");
                stream.Seek(size - 16, SeekOrigin.Current);
            }
            else if (chunk == "data")
            {
                if (sampleRate == 0)
                    throw new MediaException("WAV data chunk before its format chunk.");
                // ffmpeg writes a 0 or 0xFFFFFFFF size when piping; trust the stream length then.
                var available = stream.Length - stream.Position;
                var length = size <= 0 || size > available ? available : size;
                return new WavInfo(sampleRate, stream.Position, length / 2);
            }
            else
            {
                stream.Seek(size + (size & 1), SeekOrigin.Current);
            }
        }
        throw new MediaException("WAV file has no data chunk.");
    }

    /// <summary>Reads <paramref name="count"/> samples from <paramref name="startSample"/> on (clamped to the file), touching only those bytes.</summary>
    public static AudioBuffer ReadRange(string path, long startSample, int count)
    {
        using var stream = File.OpenRead(path);
        return ReadRange(stream, ReadInfo(stream), startSample, count);
    }

    public static AudioBuffer ReadRange(Stream stream, WavInfo info, long startSample, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startSample);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var from = Math.Min(startSample, info.SampleCount);
        var take = (int)Math.Min(count, info.SampleCount - from);
        var bytes = new byte[take * 2];
        stream.Seek(info.DataOffset + from * 2, SeekOrigin.Begin);
        stream.ReadExactly(bytes);
        var samples = new short[take];
        for (var i = 0; i < samples.Length; i++)
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(i * 2));
        return new AudioBuffer(samples, info.SampleRate);
    }

    public static void Write(string path, AudioBuffer audio)
    {
        using var stream = File.Create(path);
        Write(stream, audio);
    }

    /// <summary>Writes the file without blocking the caller on disk I/O.</summary>
    public static async Task WriteAsync(string path, AudioBuffer audio, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream(HeaderSize + audio.Samples.Length * 2);
        Write(buffer, audio);
        await File.WriteAllBytesAsync(path, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken);
    }

    public static void Write(Stream stream, AudioBuffer audio)
    {
        stream.Write(Header(audio.Samples.Length, audio.SampleRate));
        var buffer = new byte[audio.Samples.Length * 2];
        for (var i = 0; i < audio.Samples.Length; i++)
            BinaryPrimitives.WriteInt16LittleEndian(buffer.AsSpan(i * 2), audio.Samples[i]);
        stream.Write(buffer);
    }

    /// <summary>The 44-byte header of a 16-bit mono PCM file holding <paramref name="sampleCount"/> samples.</summary>
    public static byte[] Header(long sampleCount, int sampleRate)
    {
        var dataBytes = checked((int)(sampleCount * 2));
        var header = new byte[HeaderSize];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), checked(36 + dataBytes));
        "WAVEfmt "u8.CopyTo(header.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(20), 1);
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(22), 1);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(24), sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(28), sampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(32), 2);
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(34), 16);
        "data"u8.CopyTo(header.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(40), dataBytes);
        return header;
    }
}
