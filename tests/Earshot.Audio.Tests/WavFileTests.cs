using Earshot.Audio;
using Earshot.Sdk.Models;

namespace Earshot.Audio.Tests;

public class WavFileTests
{
    [Fact]
    public void WrittenWavReadsBackSampleForSample()
    {
        var samples = Enumerable.Range(0, 1000).Select(i => (short)(i * 31 - 15000)).ToArray();
        using var stream = new MemoryStream();
        WavFile.Write(stream, new AudioBuffer(samples, 8000));
        stream.Position = 0;

        var read = WavFile.Read(stream);

        Assert.Equal(8000, read.SampleRate);
        Assert.Equal(samples, read.Samples);
    }

    [Fact]
    public void RandomBytesAreRejectedAsMedia()
    {
        using var stream = new MemoryStream(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 });
        Assert.Throws<MediaException>(() => WavFile.Read(stream));
    }
}
