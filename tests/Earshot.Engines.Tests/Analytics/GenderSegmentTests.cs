using Earshot.Engines.Analytics;
using Earshot.Engines.Tests.SileroVad;
using Earshot.Engines.Tests.Speakers;
using Earshot.Testing;

namespace Earshot.Engines.Tests.Analytics;

[Collection(SileroVadCollection.Name)]
public sealed class GenderSegmentTests(SileroVadFixture vad, SpeakerModelFixture speakers) : IClassFixture<SpeakerModelFixture>
{
    private static readonly AnalyticsModelSet Models = AnalyticsModelSet.LoadBuiltin();

    [Fact]
    public async Task StepsOfOneSpeechSegmentShareOneGenderVerdict()
    {
        // 16 s of one reader; 256 ms steps, so a segment spans many steps and a 10 s cap cuts the turn at least once.
        var series = await TimeSeriesAsync(RepositoryPaths.Speech("librispeech/1088-134315-0000.wav"), outputPeriod: 256);

        var runs = new List<List<TimeSeriesEntry>>();
        foreach (var (entry, i) in series.Select((e, i) => (e, i)))
        {
            if (entry.Results[AnalyticsModelSet.Gender].Result is "silence" or "no_speech")
                continue;
            if (i == 0 || series[i - 1].Results[AnalyticsModelSet.Gender].Result is "silence" or "no_speech")
                runs.Add([]);
            runs[^1].Add(entry);
        }
        var speechSteps = runs.Sum(r => r.Count);
        Assert.True(speechSteps >= 40, $"{speechSteps} speech steps");
        var maxStepsPerSegment = ChannelTimeline.MaxGenderSegmentBlocks * BlockFeatures.Milliseconds / 256;
        var mostVerdicts = runs.Sum(r => (r.Count + maxStepsPerSegment - 1) / maxStepsPerSegment + 1);
        var verdicts = runs.SelectMany(r => r).Select(e => string.Join(",", e.Raw![AnalyticsModelSet.Gender].Select(p => $"{p.Key}={p.Value}"))).Distinct().Count();
        // Per-step verdicts would give about one distinct verdict per step; the bound is well below that.
        Assert.True(mostVerdicts * 2 <= speechSteps, $"{runs.Count} runs, {speechSteps} steps");
        Assert.InRange(verdicts, 1, mostVerdicts);
    }

    [Theory]
    [InlineData("audio/009810204.flac", "male")]
    [InlineData("audio/001200016.flac", "female")]
    public async Task HeldOutAdultsGetTheirGender(string file, string gender)
    {
        var series = await TimeSeriesAsync(RepositoryPaths.Speakers(file), outputPeriod: 1024);

        var said = series.Select(e => e.Results[AnalyticsModelSet.Gender].Result).Where(r => r is not ("silence" or "no_speech")).ToList();
        Assert.NotEmpty(said);
        Assert.All(said, r => Assert.Equal(gender, r));
    }

    private async Task<IReadOnlyList<TimeSeriesEntry>> TimeSeriesAsync(string path, int outputPeriod)
    {
        var settings = new AnalyticsSettings([AnalyticsModelSet.Speech, AnalyticsModelSet.Gender], outputPeriod, false, false, true, 0.001);
        var timeline = new ChannelTimeline(Models, settings, speakers.Model);
        foreach (var block in await AnalyticsDataset.BlocksAsync(path, vad.Detector, "ffmpeg", keepSamples: true, TestContext.Current.CancellationToken))
            timeline.Add(block);
        return timeline.Finish().TimeSeries;
    }
}
