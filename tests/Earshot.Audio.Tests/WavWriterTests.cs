using Earshot.Audio;

namespace Earshot.Audio.Tests;

public class WavWriterTests
{
    [Fact]
    public async Task PiecesAppendedOverTimeReadBackAsOneFileThatFfprobeAccepts()
    {
        var directory = Directory.CreateTempSubdirectory("earshot-wavwriter-");
        try
        {
            var path = Path.Combine(directory.FullName, "spool.wav");
            var samples = Enumerable.Range(0, 16000 * 3).Select(i => (short)(Math.Sin(i * 0.05) * 8000)).ToArray();
            using (var writer = new WavWriter(path))
            {
                foreach (var piece in samples.Chunk(1000))
                    writer.Append(piece);
                Assert.Equal(samples.Length, writer.SampleCount);
                writer.Complete();
                Assert.Equal(3.0, writer.DurationSeconds, 6);
            }

            Assert.Equal(samples, WavFile.Read(path).Samples);
            var probe = await new Ffmpeg().ProbeAsync(path, TestContext.Current.CancellationToken);
            Assert.Equal(3.0, probe.DurationSeconds, 2);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void AnExistingFileIsNeverOverwritten()
    {
        var path = Path.GetTempFileName();
        try
        {
            Assert.Throws<IOException>(() => new WavWriter(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
