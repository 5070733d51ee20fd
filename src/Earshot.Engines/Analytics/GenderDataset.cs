using Earshot.Engines.SileroVad;
using Earshot.Engines.Speakers;

namespace Earshot.Engines.Analytics;

/// <summary>
/// The gender classifier's examples and held-out figures. The server decides gender once per speech segment
/// (<see cref="ChannelTimeline"/>), so training examples are segments too: each recording's speech (from the first to
/// the last block Silero hears speech in), cut into pieces of at most <see cref="ChannelTimeline.MaxGenderSegmentBlocks"/>,
/// and its 1024 ms windows, for the short segments a pause leaves. Held-out figures come from the server's own
/// timeline over each recording, counted per output step.
/// </summary>
public static class GenderDataset
{
    private const float QuietRms = 0.003f;
    private const float SpeechVad = 0.5f;

    public static async Task<IReadOnlyList<LabelledWindow>> BuildAsync(IReadOnlyList<CorpusItem> items, SileroVoiceActivityDetector vad,
        SpeakerModel speakers, string ffmpegPath, int parallelism, Action<string>? progress, CancellationToken cancellationToken)
    {
        var chosen = items.Where(i => i.Task == AnalyticsModelSet.Gender && i.Split == "train").ToList();
        var examples = new List<LabelledWindow>();
        var done = 0;
        await Parallel.ForEachAsync(chosen, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (item, ct) =>
            {
                var blocks = await AnalyticsDataset.BlocksAsync(item.Path, vad, ffmpegPath, keepSamples: true, ct);
                var found = new List<LabelledWindow>();
                foreach (var segment in Segments(blocks))
                {
                    if (Voiceprints.Of(speakers, segment) is { } voiceprint)
                        found.Add(new LabelledWindow(item.Task, item.Label, item.Group, item.Split, WindowFeatures.Compute(segment), voiceprint));
                }
                lock (examples)
                {
                    examples.AddRange(found);
                    if (++done % 200 == 0)
                        progress?.Invoke($"gender: {done}/{chosen.Count} recordings");
                }
            });
        // Parallel completion order varies; sort so training sees the same sequence every run.
        return examples.OrderBy(w => w.Group, StringComparer.Ordinal).ThenBy(w => w.Label, StringComparer.Ordinal)
            .ThenBy(w => w.Features[0]).ThenBy(w => w.Features[1]).ThenBy(w => w.Features.Length).ToList();
    }

    /// <summary>The speech of a recording in segment-sized pieces, then its 1024 ms windows (when it holds more than one).</summary>
    public static IEnumerable<List<BlockFeatures>> Segments(List<BlockFeatures> blocks)
    {
        var speech = blocks.Select((b, i) => (b, i)).Where(x => x.b.Rms >= QuietRms && (x.b.Vad0 + x.b.Vad1) / 2 >= SpeechVad).Select(x => x.i).ToList();
        if (speech.Count == 0)
            return [];
        var first = speech[0];
        var end = speech[^1] + 1;
        if (end - first < WindowFeatures.MinimumBlocks)
        {
            first = Math.Max(0, Math.Min(first, end - WindowFeatures.MinimumBlocks));
            end = Math.Min(blocks.Count, first + WindowFeatures.MinimumBlocks);
        }
        var length = end - first;
        var result = new List<List<BlockFeatures>>();
        var pieces = (length + ChannelTimeline.MaxGenderSegmentBlocks - 1) / ChannelTimeline.MaxGenderSegmentBlocks;
        for (var p = 0; p < pieces; p++)
            result.Add(blocks.GetRange(first + p * length / pieces, (p + 1) * length / pieces - p * length / pieces));
        if (length >= 2 * WindowFeatures.MinimumBlocks)
        {
            for (var start = first; start + WindowFeatures.MinimumBlocks <= end; start += WindowFeatures.MinimumBlocks)
                result.Add(blocks.GetRange(start, WindowFeatures.MinimumBlocks));
        }
        return result;
    }

    /// <summary>
    /// Runs the server's timeline (speech and gender models, output_period 1024, the default volume threshold) over each
    /// held-out recording and keeps its speech segments: where the segments lie depends only on the speech model, so any
    /// gender classifier can then be scored on them (<see cref="Score"/>) without running the x-vector network again.
    /// </summary>
    public static async Task<IReadOnlyList<HeldOutRecording>> HeldOutAsync(AnalyticsModelSet models, IReadOnlyList<CorpusItem> items,
        SileroVoiceActivityDetector vad, SpeakerModel speakers, string ffmpegPath, int parallelism, CancellationToken cancellationToken)
    {
        var chosen = items.Where(i => i.Task == AnalyticsModelSet.Gender && i.Split != "train").ToList();
        var settings = new AnalyticsSettings([AnalyticsModelSet.Speech, AnalyticsModelSet.Gender], 1024, false, false, false, 0.001);
        var recordings = new List<HeldOutRecording>();
        await Parallel.ForEachAsync(chosen, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (item, ct) =>
            {
                var timeline = new ChannelTimeline(models, settings, speakers);
                var segments = new List<GenderSegment>();
                timeline.GenderSegmentClosed += segments.Add;
                foreach (var block in await AnalyticsDataset.BlocksAsync(item.Path, vad, ffmpegPath, keepSamples: true, ct))
                    timeline.Add(block);
                var steps = timeline.Finish().TimeSeries.Count;
                lock (recordings)
                    recordings.Add(new HeldOutRecording(item, segments, steps - segments.Sum(s => s.Steps)));
            });
        return recordings.OrderBy(r => r.Item.Path, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Per output step, as the server answers: steps answered "silence" or "no_speech" are left out (counted apart);
    /// "unknown" counts as wrong. One score per held-out split.
    /// </summary>
    public static IReadOnlyList<ClassifierScore> Score(AnalyticsModelSet models, IReadOnlyList<HeldOutRecording> recordings)
    {
        var classes = models.Classifier(AnalyticsModelSet.Gender).Classes;
        var scores = new List<ClassifierScore>();
        foreach (var split in recordings.Select(r => r.Item.Split).Distinct().Order(StringComparer.Ordinal))
        {
            var chosen = recordings.Where(r => r.Item.Split == split).ToList();
            var confusion = new int[classes.Length, classes.Length];
            int counted = 0, unknown = 0;
            foreach (var recording in chosen)
            {
                var truth = Array.IndexOf(classes, recording.Item.Label);
                foreach (var segment in recording.Segments)
                {
                    counted += segment.Steps;
                    var said = Array.IndexOf(classes, models.ClassifyGender(segment.Features, segment.Voiceprint).Result);
                    if (said < 0)
                        unknown += segment.Steps;
                    else
                        confusion[truth, said] += segment.Steps;
                }
            }
            var perClass = Enumerable.Range(0, classes.Length).Select(t => chosen.Where(r => r.Item.Label == classes[t]).Sum(r => r.Segments.Sum(s => s.Steps))).ToArray();
            var correct = Enumerable.Range(0, classes.Length).Sum(c => confusion[c, c]);
            var recalls = Enumerable.Range(0, classes.Length).Where(c => perClass[c] > 0).Select(c => (double)confusion[c, c] / perClass[c]).ToList();
            scores.Add(new ClassifierScore(AnalyticsModelSet.Gender, split, classes, confusion, counted,
                counted == 0 ? 0 : (double)correct / counted, counted == 0 ? 0 : (double)perClass.Max() / counted,
                recalls.DefaultIfEmpty(0).Average(), chosen.Select(r => r.Item.Group).Distinct().Count(),
                Unanswered: unknown, LeftOut: chosen.Sum(r => r.LeftOut)));
        }
        return scores;
    }
}

/// <summary>A held-out recording's speech segments as the server's timeline found them, and its steps outside them.</summary>
public sealed record HeldOutRecording(CorpusItem Item, IReadOnlyList<GenderSegment> Segments, int LeftOut);
