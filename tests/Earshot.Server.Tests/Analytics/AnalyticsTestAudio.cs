using Earshot.Audio;
using Earshot.Testing;

namespace Earshot.Server.Tests.Analytics;

/// <summary>Recordings made once per test run with ffmpeg from the eval data.</summary>
public static class AnalyticsTestAudio
{
    private static readonly Lazy<Task<string>> StereoFile = new(MakeStereoAsync);

    public static string Music => Path.Combine(RepositoryPaths.Shared, "eval", "nonspeech", "audio", "librosa_Kevin_MacLeod_P_I_Tchaikovsky_Dance_of_the_Sugar_s00.flac");

    /// <summary>8 s stereo WAV: left JFK speaking, right orchestral music, both for 6 s, then 2 s of digital silence.</summary>
    public static Task<string> StereoAsync() => StereoFile.Value;

    private static async Task<string> MakeStereoAsync()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("earshot-analytics-").FullName, "stereo.wav");
        var result = await ProcessRunner.RunAsync("ffmpeg",
        [
            "-nostdin", "-v", "error", "-y", "-i", RepositoryPaths.Speech("jfk/jfk.wav"), "-i", Music, "-filter_complex",
            "[0:a]aformat=sample_rates=16000:channel_layouts=mono,atrim=0:6,asetpts=N/SR/TB,apad=whole_dur=8[l];" +
            "[1:a]aformat=sample_rates=16000:channel_layouts=mono,atrim=0:6,asetpts=N/SR/TB,apad=whole_dur=8[r];" +
            "[l][r]join=inputs=2:channel_layout=stereo[out]",
            "-map", "[out]", "-c:a", "pcm_s16le", path,
        ], CancellationToken.None);
        Assert.True(result.ExitCode == 0, result.StandardError);
        return path;
    }
}
