namespace Earshot.Engines.Analytics;

/// <summary>One speech segment's gender input (statistics of its blocks, voiceprint of its audio), its step count and verdict.</summary>
public sealed record GenderSegment(float[] Features, float[]? Voiceprint, int Steps, ModelVerdict Verdict);

/// <summary>
/// Turns a channel's blocks, as they arrive, into output steps of <c>OutputPeriod</c> ms: each step is classified from
/// the blocks around its centre (its own period, widened to at least 1024 ms) and judged silent from its own blocks.
/// Gender does not change inside a turn, so it is decided once per speech segment: a run of consecutive speech steps
/// (not silent, speech by the speech model) of at most <see cref="MaxGenderSegmentBlocks"/>, from the statistics of all
/// its blocks and the voiceprint of its audio; every step of the segment gets that verdict when the segment ends.
/// Keeps only the blocks a later step or the open segment still needs; builds summary and transitions at the end.
/// </summary>
public sealed class ChannelTimeline(AnalyticsModelSet models, AnalyticsSettings settings, Speakers.SpeakerModel? speakers = null)
{
    /// <summary>Longest speech segment that gets one gender verdict (about 10 s); a longer turn is cut into several.</summary>
    public const int MaxGenderSegmentBlocks = 160;

    /// <summary>Raised as each speech segment gets its gender (for evaluation: the verdict can be recomputed from it).</summary>
    public event Action<GenderSegment>? GenderSegmentClosed;

    private readonly bool _gender = settings.Models.Contains(AnalyticsModelSet.Gender);
    private readonly List<(Dictionary<string, ModelResult> Results, Dictionary<string, IReadOnlyDictionary<string, double>>? Raw)> _segmentSteps = [];
    private long _segmentStart;
    private long _segmentEnd;

    private readonly int _periodBlocks = settings.OutputPeriod / BlockFeatures.Milliseconds;
    private readonly int _contextBlocks = Math.Max(settings.OutputPeriod / BlockFeatures.Milliseconds, WindowFeatures.MinimumBlocks);
    private readonly List<BlockFeatures> _blocks = [];
    private readonly List<TimeSeriesEntry> _entries = [];
    private long _firstBlock;
    private long _seen;
    private int _nextStep;

    public void Add(BlockFeatures block)
    {
        _blocks.Add(block);
        _seen++;
        while (true)
        {
            var (start, end) = Context(_nextStep, long.MaxValue);
            if (end > _seen)
                break;
            Emit(start, end);
        }
    }

    public ChannelResult Finish()
    {
        while ((long)_nextStep * _periodBlocks < _seen)
        {
            var (start, end) = Context(_nextStep, _seen);
            Emit(start, end);
        }
        if (_segmentSteps.Count > 0)
            CloseSegment();
        return new ChannelResult(_entries,
            settings.IncludeSummary ? Summary() : null,
            settings.IncludeTransitions ? Transitions() : null);
    }

    private (long Start, long End) Context(int step, long total)
    {
        var centre = (long)step * _periodBlocks + _periodBlocks / 2.0;
        var start = Math.Max(0, (long)Math.Round(centre - _contextBlocks / 2.0));
        var end = start + _contextBlocks;
        if (end > total)
        {
            end = total;
            start = Math.Max(0, end - _contextBlocks);
        }
        return (start, end);
    }

    private void Emit(long start, long end)
    {
        var context = _blocks.GetRange((int)(start - _firstBlock), (int)(end - start));
        var periodStart = (long)_nextStep * _periodBlocks;
        var own = _blocks.GetRange((int)(periodStart - _firstBlock), (int)(Math.Min(periodStart + _periodBlocks, _seen) - periodStart));
        var verdicts = models.Classify(WindowFeatures.Compute(context), AnalyticsDataset.Level(own), settings.VolumeThreshold, settings.Models);
        var results = verdicts.ToDictionary(v => v.Key, v => new ModelResult(v.Value.Result, Round(v.Value.Confidence)));
        var raw = settings.IncludeRawValues ? verdicts.ToDictionary(v => v.Key, v => RawOf(v.Value)) : null;
        _entries.Add(new TimeSeriesEntry(periodStart * BlockFeatures.Milliseconds, results, raw));
        _nextStep++;

        if (_gender)
        {
            var speechStep = !verdicts.ContainsKey(AnalyticsModelSet.Gender);
            if (_segmentSteps.Count > 0 && (!speechStep || end - _segmentStart > MaxGenderSegmentBlocks))
                CloseSegment();
            if (speechStep)
            {
                if (_segmentSteps.Count == 0)
                    _segmentStart = start;
                _segmentEnd = end;
                _segmentSteps.Add((results, raw));
            }
        }

        // Drop blocks no later step reaches back to (the last steps' context is pushed back from the end, hence the last
        // window's worth), nor the open gender segment.
        var keepFrom = Math.Min(Math.Min(Context(_nextStep, long.MaxValue).Start, (long)_nextStep * _periodBlocks), _seen - _contextBlocks);
        if (_segmentSteps.Count > 0)
            keepFrom = Math.Min(keepFrom, _segmentStart);
        var drop = (int)Math.Clamp(keepFrom - _firstBlock, 0, _blocks.Count);
        _blocks.RemoveRange(0, drop);
        _firstBlock += drop;
    }

    private void CloseSegment()
    {
        var blocks = _blocks.GetRange((int)(_segmentStart - _firstBlock), (int)(_segmentEnd - _segmentStart));
        var features = WindowFeatures.Compute(blocks);
        var voiceprint = Voiceprints.Of(speakers, blocks);
        var verdict = models.ClassifyGender(features, voiceprint);
        GenderSegmentClosed?.Invoke(new GenderSegment(features, voiceprint, _segmentSteps.Count, verdict));
        foreach (var (results, raw) in _segmentSteps)
        {
            results[AnalyticsModelSet.Gender] = new ModelResult(verdict.Result, Round(verdict.Confidence));
            raw?.Add(AnalyticsModelSet.Gender, RawOf(verdict));
        }
        _segmentSteps.Clear();
    }

    private static IReadOnlyDictionary<string, double> RawOf(ModelVerdict verdict) => verdict.Raw.ToDictionary(r => r.Key, r => Round(r.Value));

    private Dictionary<string, IReadOnlyDictionary<string, double>> Summary() =>
        settings.Models.ToDictionary(m => m, m => (IReadOnlyDictionary<string, double>)AnalyticsModelSet.ResultClasses[m].ToDictionary(
            c => c + "_fraction",
            c => _entries.Count == 0 ? 0 : Math.Round((double)_entries.Count(e => e.Results[m].Result == c) / _entries.Count, 4)));

    private Dictionary<string, IReadOnlyList<Transition>> Transitions()
    {
        var end = _seen * BlockFeatures.Milliseconds;
        var result = new Dictionary<string, IReadOnlyList<Transition>>();
        foreach (var model in settings.Models)
        {
            var runs = new List<Transition>();
            var i = 0;
            while (i < _entries.Count)
            {
                var j = i;
                double confidence = 0;
                while (j < _entries.Count && _entries[j].Results[model].Result == _entries[i].Results[model].Result)
                    confidence += _entries[j++].Results[model].Confidence;
                var stop = j < _entries.Count ? _entries[j].Timestamp : end;
                runs.Add(new Transition(_entries[i].Timestamp, stop, _entries[i].Results[model].Result, Round(confidence / (j - i))));
                i = j;
            }
            result[model] = runs;
        }
        return result;
    }

    private static double Round(double value) => Math.Round(value, 4);
}
