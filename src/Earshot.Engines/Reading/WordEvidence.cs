using Earshot.Engines.PocketSphinx;

namespace Earshot.Engines.Reading;

/// <summary>
/// What the decodes of one reading say about each reference word, as numbers for <see cref="ReadingClassifier"/>:
/// the plain decode's alignment with the reference and how far what it heard there sounds from the word, the goodness
/// of pronunciation in both forced alignments, how much room the strict alignment left the word, the joint reading
/// grammar's choice for it, the GOP method's verdict, and how much worse forcing the word in explains its
/// neighbourhood than skipping it or a phone loop does. (Neighbour scores, speaker-normalised scores, word length and
/// the insertion signals were tried and left out: they did not help on recordings the training had not seen.)
/// </summary>
public static class WordEvidence
{
    /// <summary>Names of the features, in the order of <see cref="Of"/>'s vectors; index 0 is the constant.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "bias", "plain_correct", "plain_omission",
        "strict_missing", "placed_gop", "optional_skipped", "optional_gop", "best_gop", "placed_log_frames_per_phone",
        "joint_word", "joint_loop", "joint_skipped", "gop_substitution", "gop_omission",
        "heard_phone_distance", "loop_phone_distance", "region_strict_minus_optional", "region_placed_minus_joint",
    ];

    /// <summary>One vector per reference word.</summary>
    /// <param name="scoring">The GOP measurements of this reference.</param>
    /// <param name="gop">The GOP method's assessment of it (<see cref="GopReadingRecognizer.Assess"/>).</param>
    /// <param name="joint">The joint reading grammar's decode of it.</param>
    /// <remarks>"Placed" is the word in the strict alignment, or in the one with optional words where the strict one
    /// has no place for it (a word the dictionary lacks, or a strict alignment that could not reach the end of the
    /// reference, which a never-said word often causes).</remarks>
    public static double[][] Of(GopScoring scoring, ReadingAssessment gop, JointDecode joint)
    {
        var strictComplete = scoring.Words.Any(g => g is not null);
        var (placedWords, placedDecode) = strictComplete ? (scoring.Words, scoring.Alignment) : (scoring.OptionalWords, scoring.OptionalAlignment);
        return scoring.PlainAssessment.Words.Select(w =>
        {
            var i = w.Index;
            var strict = scoring.Words[i];
            var optional = scoring.OptionalWords[i];
            var placed = strict ?? optional;
            var choice = joint.Results[i].Choice;
            return new[]
            {
                1,
                Flag(w.CountsAsCorrect),
                Flag(w.Status == ReadingStatus.Omission),
                Flag(strict is null),
                Gop(placed?.Score),
                Flag(optional is null),
                Gop(optional?.Score),
                Gop(scoring.BestScore(i)),
                placed is null ? 0 : Math.Log(Math.Max(placed.FramesPerPhone, 1) / 3),
                Flag(choice == SlotChoice.Word),
                Flag(choice == SlotChoice.Garbage),
                Flag(choice == SlotChoice.Skipped),
                Flag(gop.Words[i].Status == ReadingStatus.Substitution),
                Flag(gop.Words[i].Status == ReadingStatus.Omission),
                HeardPhoneDistance(scoring, placed),
                LoopPhoneDistance(scoring, placed),
                strictComplete ? RegionDifference(placedWords, placedDecode, i, scoring.OptionalAlignment) : 0,
                RegionDifference(placedWords, placedDecode, i, joint.Path),
            };
        }).ToArray();
    }

    /// <summary>
    /// How much better (nats per frame) the alignment the words are placed in explains the stretch from the word's left neighbour to its
    /// right neighbour than <paramref name="other"/> does: clearly negative when forcing the word in costs more than
    /// the other decode's way of reading that stretch (skipping the word, or a phone loop in its place).
    /// </summary>
    private static double RegionDifference(IReadOnlyList<WordGop?> placedWords, ScoredDecode placedDecode, int index, ScoredDecode other)
    {
        var placed = placedWords.Skip(Math.Max(0, index - 1)).Take(index == 0 ? 2 : 3).Where(g => g is not null).ToList();
        if (placed.Count == 0)
            return 0;
        var (first, last) = (placed.Min(g => g!.StartFrame), placed.Max(g => g!.EndFrame));
        var forced = GopScoring.ScoreOver(placedDecode, first, last, fallbackPerFrame: 0);
        var alternative = GopScoring.ScoreOver(other, first, last, fallbackPerFrame: forced / (last - first + 1));
        return Math.Clamp((forced - alternative) / (last - first + 1), -8, 8);
    }

    /// <summary>
    /// How far (phone edit distance over the longer length, 0..1) what the plain decode heard over the word's frames
    /// is from the word: the plain decode's own mistakes usually sound like the word, a different word read does not.
    /// 1 when it heard nothing there or the word is not in the dictionary.
    /// </summary>
    private static double HeardPhoneDistance(GopScoring scoring, WordGop? placed)
    {
        if (placed is null || scoring.ReferencePhones.ElementAtOrDefault(placed.Index) is not { } expected)
            return 1;
        var heard = GopReadingRecognizer.WordsOver(scoring.Plain, scoring.Alignment.Seconds(placed.StartFrame), scoring.Alignment.Seconds(placed.EndFrame + 1))
            .SelectMany(n => scoring.PlainPhones.ElementAtOrDefault(n) ?? []).ToList();
        return heard.Count == 0 ? 1 : PhoneDistance(expected, heard);
    }

    /// <summary>Phone edit distance (over the longer length) between the word and the free phone loop's phones whose
    /// middle lies inside its frames.</summary>
    private static double LoopPhoneDistance(GopScoring scoring, WordGop? placed)
    {
        if (placed is null || scoring.ReferencePhones.ElementAtOrDefault(placed.Index) is not { } expected)
            return 1;
        var heard = scoring.Phones.Segments
            .Where(s => !GopScoring.IsFiller(s.Label) && (s.StartFrame + s.EndFrame) / 2 is var middle && middle >= placed.StartFrame && middle <= placed.EndFrame)
            .Select(s => s.Label).ToList();
        return heard.Count == 0 ? 1 : PhoneDistance(expected, heard);
    }

    internal static double PhoneDistance(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var previous = Enumerable.Range(0, b.Count + 1).ToArray();
        var current = new int[b.Count + 1];
        for (var i = 1; i <= a.Count; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Count; j++)
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return (double)previous[b.Count] / Math.Max(1, Math.Max(a.Count, b.Count));
    }

    /// <summary>A GOP score clipped to the range where it carries information (0, "as good as the loop", when absent).</summary>
    private static double Gop(double? score) => score is { } s ? Math.Clamp(s, -8, 2) : 0;

    private static double Flag(bool? value) => value == true ? 1 : 0;
}
