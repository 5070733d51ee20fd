using Earshot.Sdk.Models;

namespace Earshot.Audio.Tests;

public class WavChunkerTests
{
    [Fact]
    public void CutsFallInThePauseBeforeEachNominalBoundaryAndCoverTheFile()
    {
        // 10 s of tone with a 300 ms pause centred at 7.5 s and another at 16 s, in a 20 s file.
        var samples = Signals.Sine(440, 20, 0.5);
        Silence(samples, 7.35, 7.65);
        Silence(samples, 15.85, 16.15);
        var path = WriteTemp(samples);
        try
        {
            var ranges = WavChunker.Plan(path, chunkSeconds: 9, searchSeconds: 3);

            Assert.Equal(0, ranges[0].Start);
            Assert.Equal(samples.Length, ranges[^1].End);
            for (var i = 1; i < ranges.Count; i++)
                Assert.Equal(ranges[i - 1].End, ranges[i].Start);
            Assert.All(ranges, r => Assert.InRange(r.Length, 1, 9 * 16000));
            Assert.InRange(ranges[0].End / 16000.0, 7.4, 7.6);
            Assert.InRange(ranges[1].End / 16000.0, 15.9, 16.1);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task AShortFileIsOneChunkAndARealRecordingIsCutOutsideWords()
    {
        var jfk = await EvalAudio.LoadAsync("jfk/jfk.wav");
        var path = WriteTemp(jfk.Samples);
        try
        {
            Assert.Equal([new SampleRange(0, jfk.Samples.Length)], WavChunker.Plan(path, 60, 5));

            var ranges = WavChunker.Plan(path, 4, 1.5);
            Assert.True(ranges.Count >= 3);
            // Each cut lies in a stretch much quieter than the recording as a whole.
            var overall = Loudness.Rms(jfk.Samples);
            foreach (var cut in ranges.Skip(1).Select(r => (int)r.Start))
                Assert.True(Loudness.Rms(jfk.Samples.AsSpan(cut - 800, 1600)) < overall / 3, $"cut at {cut / 16000.0:F2} s is not in a pause");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void Silence(short[] samples, double from, double to) =>
        Array.Clear(samples, (int)(from * 16000), (int)((to - from) * 16000));

    private static string WriteTemp(short[] samples)
    {
        var path = Path.Combine(Path.GetTempPath(), $"earshot-chunker-{Guid.NewGuid():N}.wav");
        WavFile.Write(path, new AudioBuffer(samples));
        return path;
    }
}
