using Earshot.Sdk.Models;

namespace Earshot.Audio.Tests;

public sealed class AudioStatsTests
{
    [Fact]
    public void StatsReadChunkByChunkFromAFileEqualTheWholeBuffers()
    {
        var random = new Random(7);
        // 25.3 s: several chunks and a partial frame at the end; quiet and loud stretches, some clipped samples
        var samples = new short[(int)(16000 * 25.3)];
        for (var i = 0; i < samples.Length; i++)
            samples[i] = (i / 16000 % 3) switch { 0 => (short)random.Next(-20, 20), 1 => (short)random.Next(-8000, 8000), _ => short.MaxValue };
        var audio = new AudioBuffer(samples);
        var path = Path.Combine(Directory.CreateTempSubdirectory("earshot-stats-").FullName, "a.wav");
        WavFile.Write(path, audio);

        var whole = AudioStats.Compute(audio);
        var streamed = AudioStats.Compute(path);

        Assert.Equal(whole.DurationSeconds, streamed.DurationSeconds, 9);
        Assert.Equal(whole.PeakDbfs, streamed.PeakDbfs, 9);
        Assert.Equal(whole.RmsDbfs, streamed.RmsDbfs, 6);
        Assert.Equal(whole.ClippedFraction, streamed.ClippedFraction, 9);
        Assert.Equal(whole.SilenceFraction, streamed.SilenceFraction, 9);
    }
}
