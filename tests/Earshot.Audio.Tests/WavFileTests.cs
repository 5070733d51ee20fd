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

    [Fact]
    public void RangeReadsOnlyTheRequestedSamplesAndClampsAtTheEnd()
    {
        var samples = Enumerable.Range(0, 5000).Select(i => (short)(i * 7 - 17000)).ToArray();
        var path = Path.Combine(Path.GetTempPath(), $"earshot-wav-range-{Guid.NewGuid():N}.wav");
        try
        {
            WavFile.Write(path, new AudioBuffer(samples));
            var info = WavFile.ReadInfo(path);
            Assert.Equal(5000, info.SampleCount);
            Assert.Equal(WavFile.HeaderSize, info.DataOffset);
            Assert.Equal(5000 / 16000.0, info.DurationSeconds, 6);

            Assert.Equal(samples[1234..1334], WavFile.ReadRange(path, 1234, 100).Samples);
            Assert.Equal(samples[4900..], WavFile.ReadRange(path, 4900, 1000).Samples);
            Assert.Empty(WavFile.ReadRange(path, 6000, 10).Samples);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task RangesOfARealRecordingJoinBackIntoTheWholeFile()
    {
        var whole = await EvalAudio.LoadAsync("jfk/jfk.wav");
        var path = Path.Combine(Path.GetTempPath(), $"earshot-wav-range-{Guid.NewGuid():N}.wav");
        try
        {
            WavFile.Write(path, whole);
            using var stream = File.OpenRead(path);
            var info = WavFile.ReadInfo(stream);
            var joined = new List<short>();
            for (long start = 0; start < info.SampleCount; start += 40_000)
                joined.AddRange(WavFile.ReadRange(stream, info, start, 40_000).Samples);
            Assert.Equal(whole.Samples, joined);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
