namespace Earshot.Sdk;

/// <summary>A recognised word with its time span in seconds and a confidence in [0, 1].</summary>
public sealed record RecognizedWord(string Word, double Start, double End, double Confidence);

/// <summary>A stretch of speech and its text, as the seed API reports segments.</summary>
public sealed record TranscriptSegment(double Start, double End, string Text);

/// <summary>What a speech recogniser returns.</summary>
public sealed record Transcript(string Text, IReadOnlyList<TranscriptSegment> Segments, IReadOnlyList<RecognizedWord> Words)
{
    public static readonly Transcript Empty = new(string.Empty, [], []);
}

/// <summary>A start/end pair in seconds.</summary>
public readonly record struct TimeSpan2(double Start, double End)
{
    public double Duration => End - Start;
}
