using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Earshot.Sdk.Models;

namespace Earshot.Audio;

/// <summary>
/// Writes a 16-bit mono WAV file piece by piece, so audio that arrives over time (a live stream) goes to disk instead
/// of accumulating in memory. The header's sizes are written by <see cref="Complete"/>; until then the file is not a
/// valid WAV.
/// </summary>
public sealed class WavWriter : IDisposable
{
    private readonly FileStream file;
    private byte[] bytes = [];

    public WavWriter(string path, int sampleRate = AudioBuffer.CanonicalSampleRate)
    {
        Path = path;
        SampleRate = sampleRate;
        file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 64 * 1024);
        file.Write(new byte[WavFile.HeaderSize]);
    }

    public string Path { get; }
    public int SampleRate { get; }
    public long SampleCount { get; private set; }
    public double DurationSeconds => (double)SampleCount / SampleRate;

    public void Append(ReadOnlySpan<short> samples)
    {
        if (BitConverter.IsLittleEndian)
        {
            file.Write(MemoryMarshal.AsBytes(samples));
        }
        else
        {
            if (bytes.Length < samples.Length * 2)
                bytes = new byte[samples.Length * 2];
            for (var i = 0; i < samples.Length; i++)
                BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), samples[i]);
            file.Write(bytes, 0, samples.Length * 2);
        }
        SampleCount += samples.Length;
    }

    /// <summary>Writes the header for the samples appended so far and flushes; the file is then a valid WAV (more may still be appended and completed again).</summary>
    public void Complete()
    {
        var position = file.Position;
        file.Position = 0;
        file.Write(WavFile.Header(SampleCount, SampleRate));
        file.Position = position;
        file.Flush();
    }

    public void Dispose() => file.Dispose();
}
