using System.Text.Json.Serialization;

namespace Earshot.Engines.Analytics;

/// <summary>The seed's result and confidence of one model at one output step.</summary>
public sealed record ModelResult(string Result, double Confidence);

/// <summary>One output step: its start in milliseconds, each model's verdict and, on request, the raw class probabilities.</summary>
public sealed record TimeSeriesEntry(long Timestamp, IReadOnlyDictionary<string, ModelResult> Results,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>? Raw);

/// <summary>A run of equal consecutive results, with their mean confidence.</summary>
public sealed record Transition(long TimestampStart, long TimestampEnd, string Result, double Confidence);

public sealed record ChannelResult(
    IReadOnlyList<TimeSeriesEntry> TimeSeries,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>? Summary,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, IReadOnlyList<Transition>>? Transitions);

/// <summary>What GET /file-processing/jobs/{id}/results wraps in "result": one entry per channel, keyed "0", "1", ….</summary>
public sealed record AnalyticsResult(IReadOnlyDictionary<string, ChannelResult> Channels);

/// <summary>What a job computes, as the seed's query parameters give it.</summary>
public sealed record AnalyticsSettings(IReadOnlyList<string> Models, int OutputPeriod, bool IncludeSummary, bool IncludeTransitions,
    bool IncludeRawValues, double VolumeThreshold);
