using Earshot.Sdk;
using Earshot.Sdk.Models;

namespace Earshot.Audio.Tests;

public class AudioSplitterTests
{
    private static readonly AudioBuffer Ramp = new(Enumerable.Range(0, 16000).Select(i => (short)(i - 8000)).ToArray());

    [Fact]
    public void ClipsHoldExactlyTheSamplesOfEachIntervalInOrder()
    {
        var clips = AudioSplitter.SplitByIntervals(Ramp, [new(0.5, 0.75), new(0, 0.1), new(0.25, 0.2501)]);

        Assert.Equal(3, clips.Count);
        Assert.Equal(Ramp.Samples[8000..12000], clips[0].Samples);
        Assert.Equal(Ramp.Samples[..1600], clips[1].Samples);
        Assert.Equal(Ramp.Samples[4000..4002], clips[2].Samples);
        Assert.All(clips, c => Assert.Equal(16000, c.SampleRate));
    }

    [Fact]
    public void EndsBeyondTheAudioAreClamped()
    {
        var clip = Assert.Single(AudioSplitter.SplitByIntervals(Ramp, [new(0.9, 30)]));

        Assert.Equal(Ramp.Samples[14400..], clip.Samples);
    }

    [Fact]
    public void EveryInvalidIntervalIsNamedInOneException()
    {
        TimeSpan2[] intervals = [new(0, 0.5), new(-0.1, 0.2), new(0.4, 0.4), new(0.3, 0.2), new(1.5, 2), new(0.1, double.NaN)];

        var error = Assert.Throws<ArgumentException>(() => AudioSplitter.SplitByIntervals(Ramp, intervals));

        Assert.DoesNotContain("#0", error.Message);
        foreach (var index in new[] { "#1", "#2", "#3", "#4", "#5" })
            Assert.Contains(index, error.Message);
        Assert.Contains("before 0", error.Message);
        Assert.Contains("end of the audio", error.Message);
    }

    [Fact]
    public async Task ClipsOfRealSpeechAreWrittenAsWavsNamedByUuidInOrder()
    {
        var audio = await EvalAudio.LoadAsync("librispeech/2412-153948-0000.flac");
        TimeSpan2[] intervals = [new(3, 5.5), new(0.25, 1), new(10, 20)];
        var directory = Directory.CreateTempSubdirectory("earshot-split-");
        try
        {
            var paths = await AudioSplitter.SplitToFilesAsync(audio, intervals, Path.Combine(directory.FullName, "clips"), TestContext.Current.CancellationToken);

            var expected = AudioSplitter.SplitByIntervals(audio, intervals);
            Assert.Equal(3, paths.Count);
            for (var i = 0; i < paths.Count; i++)
            {
                Assert.True(Guid.TryParse(Path.GetFileNameWithoutExtension(paths[i]), out _), paths[i]);
                Assert.Equal(expected[i].Samples, WavFile.Read(paths[i]).Samples);
            }
            Assert.Equal(2.5, WavFile.Read(paths[0]).DurationSeconds, 6);
            Assert.Equal(audio.DurationSeconds - 10, WavFile.Read(paths[2]).DurationSeconds, 6);
            Assert.Equal(3, paths.Distinct().Count());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task NothingIsWrittenWhenAnIntervalIsInvalid()
    {
        var directory = Directory.CreateTempSubdirectory("earshot-split-");
        try
        {
            await Assert.ThrowsAsync<ArgumentException>(() =>
                AudioSplitter.SplitToFilesAsync(Ramp, [new(0, 0.5), new(0.6, 0.5)], directory.FullName, TestContext.Current.CancellationToken));

            Assert.Empty(directory.EnumerateFiles());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
