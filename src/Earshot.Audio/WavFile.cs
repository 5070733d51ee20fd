using System.Buffers.Binary;
using Earshot.Sdk.Models;

namespace Earshot.Audio;

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
        using var reader = new BinaryReader(stream, System.Text.Encoding.ASCII, leaveOpen: true);
        if (new string(reader.ReadChars(4)) != "RIFF")
            throw new MediaException("Not a RIFF/WAV file.");
        reader.ReadInt32();
        if (new string(reader.ReadChars(4)) != "WAVE")
            throw new MediaException("Not a WAV file.");

        int sampleRate = 0, channels = 0, bits = 0;
        while (stream.Position < stream.Length)
        {
            var chunk = new string(reader.ReadChars(4));
            var size = reader.ReadInt32();
            if (chunk == "fmt ")
            {
                var format = reader.ReadInt16();
                channels = reader.ReadInt16();
                sampleRate = reader.ReadInt32();
                reader.ReadInt32();
                reader.ReadInt16();
                bits = reader.ReadInt16();
                if (format != 1 || bits != 16 || channels != 1)
                    throw new MediaException("Only 16-bit PCM mono WAV is supported here; convert with ffmpeg first.");
                stream.Seek(size - 16, SeekOrigin.Current);
            }
            else if (chunk == "data")
            {
                // ffmpeg writes a 0 or 0xFFFFFFFF size when piping; trust the stream length then.
                var available = stream.Length - stream.Position;
                var length = size <= 0 || size > available ? available : size;
                var bytes = reader.ReadBytes((int)length);
                var samples = new short[bytes.Length / 2];
                for (var i = 0; i < samples.Length; i++)
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(i * 2));
                if (sampleRate == 0)
                    throw new MediaException("WAV data chunk before its format chunk.");
                return new AudioBuffer(samples, sampleRate);
            }
            else
            {
                stream.Seek(size + (size & 1), SeekOrigin.Current);
            }
        }
        throw new MediaException("WAV file has no data chunk.");
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
        var dataBytes = audio.Samples.Length * 2;
        Span<byte> header = stackalloc byte[HeaderSize];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], 36 + dataBytes);
        "WAVEfmt "u8.CopyTo(header[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(header[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(header[22..], 1);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], audio.SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], audio.SampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(header[32..], 2);
        BinaryPrimitives.WriteInt16LittleEndian(header[34..], 16);
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(header[40..], dataBytes);
        stream.Write(header);

        var buffer = new byte[dataBytes];
        for (var i = 0; i < audio.Samples.Length; i++)
            BinaryPrimitives.WriteInt16LittleEndian(buffer.AsSpan(i * 2), audio.Samples[i]);
        stream.Write(buffer);
    }
}
