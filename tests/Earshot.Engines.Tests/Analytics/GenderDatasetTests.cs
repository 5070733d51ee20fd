using Earshot.Engines.Analytics;

namespace Earshot.Engines.Tests.Analytics;

public sealed class GenderDatasetTests
{
    [Fact]
    public void TrainingSegmentsAreTheTrimmedSpeechInPiecesTheServerCouldCutAndItsWindows()
    {
        // 20 quiet blocks, 400 speech blocks (25.6 s), 20 quiet blocks.
        var blocks = Enumerable.Range(0, 440).Select(i => Block(speech: i is >= 20 and < 420)).ToList();

        var segments = GenderDataset.Segments(blocks).ToList();

        var pieces = segments.Where(s => s.Count > WindowFeatures.MinimumBlocks).ToList();
        Assert.Equal(3, pieces.Count);
        Assert.All(pieces, p => Assert.InRange(p.Count, WindowFeatures.MinimumBlocks, ChannelTimeline.MaxGenderSegmentBlocks));
        Assert.Equal(400, pieces.Sum(p => p.Count));
        Assert.Same(blocks[20], pieces[0][0]);
        Assert.Same(blocks[419], pieces[^1][^1]);
        Assert.Equal(400 / WindowFeatures.MinimumBlocks, segments.Count(s => s.Count == WindowFeatures.MinimumBlocks));
    }

    [Fact]
    public void AShortUtteranceIsWidenedToOneWindowAndQuietRecordingsGiveNone()
    {
        var shortOne = Enumerable.Range(0, 30).Select(i => Block(speech: i is >= 10 and < 15)).ToList();
        var quiet = Enumerable.Range(0, 30).Select(_ => Block(speech: false)).ToList();

        var segment = Assert.Single(GenderDataset.Segments(shortOne));
        Assert.Equal(WindowFeatures.MinimumBlocks, segment.Count);
        Assert.Contains(shortOne[10], segment);
        Assert.Contains(shortOne[14], segment);
        Assert.Empty(GenderDataset.Segments(quiet));
    }

    private static BlockFeatures Block(bool speech) => new()
    {
        Rms = speech ? 0.1f : 0.0001f, LogMel = new float[2 * SpectrumAnalyzer.Bands], Vad0 = speech ? 0.9f : 0.1f, Vad1 = speech ? 0.9f : 0.1f,
    };
}
