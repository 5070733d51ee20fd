using Earshot.Sdk;

namespace Earshot.Engines.Reading;

/// <summary>How a reference word (or an extra spoken word) was read.</summary>
public enum ReadingStatus
{
    Correct,
    Substitution,
    Omission,
    /// <summary>A spoken word with no place in the reference.</summary>
    Insertion,
    /// <summary>A spoken word that repeats a neighbouring word ("the the cat").</summary>
    Repetition,
    /// <summary>A reference word read correctly right after a wrong attempt at it ("the cut cat"); counts as correct.</summary>
    SelfCorrection,
}

/// <summary>One reference word and how it was read.</summary>
/// <param name="Index">Position among the reference words.</param>
/// <param name="Text">The word as written in the reference.</param>
/// <param name="CharStart">Offset of the word in the reference text.</param>
/// <param name="CharLength">Length of the word in the reference text.</param>
/// <param name="Heard">What the recogniser heard in its place (null when omitted).</param>
/// <param name="Start">Start time in seconds of what was heard (null when omitted).</param>
/// <param name="End">End time in seconds.</param>
/// <param name="Confidence">Recogniser confidence in [0, 1] of what was heard; 0 when omitted.</param>
public sealed record ReadingWord(int Index, string Text, int CharStart, int CharLength, ReadingStatus Status, string? Heard,
    double? Start, double? End, double Confidence)
{
    public bool CountsAsCorrect => Status is ReadingStatus.Correct or ReadingStatus.SelfCorrection;
}

/// <summary>A spoken word that matches no reference word.</summary>
/// <param name="BeforeIndex">Index of the reference word it was spoken before (the reference length at the end).</param>
/// <param name="Status"><see cref="ReadingStatus.Insertion"/> or <see cref="ReadingStatus.Repetition"/>; a wrong
/// attempt that was then corrected is also reported here, as an insertion.</param>
public sealed record ReadingInsertion(int BeforeIndex, string Word, double Start, double End, double Confidence, ReadingStatus Status);

/// <summary>Scores of one reading.</summary>
/// <param name="Accuracy">Percent of reference words read correctly (self-corrections count).</param>
/// <param name="Completeness">Percent of reference words read at all (not omitted).</param>
/// <param name="WordsCorrectPerMinute">Correct words per minute of reading time (0 when nothing was read).</param>
/// <param name="ReadingTime">Seconds from the first to the last spoken word.</param>
/// <param name="LongPauses">Silences between spoken words longer than the threshold.</param>
public sealed record ReadingScores(double Accuracy, double Completeness, double WordsCorrectPerMinute, double ReadingTime,
    IReadOnlyList<TimeSpan2> LongPauses);

/// <summary>The full assessment of one reading.</summary>
public sealed record ReadingAssessment(string Reference, IReadOnlyList<ReadingWord> Words, IReadOnlyList<ReadingInsertion> Insertions,
    ReadingScores Scores)
{
    /// <summary>Reference words that were not read correctly, in order.</summary>
    public IEnumerable<ReadingWord> Errors => Words.Where(w => !w.CountsAsCorrect);
}

/// <summary>Tuning for <see cref="ReadingAssessor"/>.</summary>
public sealed record ReadingAssessorOptions
{
    public static readonly ReadingAssessorOptions Default = new();

    /// <summary>A silence between spoken words longer than this (seconds) is a long pause.</summary>
    public double LongPauseSeconds { get; init; } = 1.0;
}
