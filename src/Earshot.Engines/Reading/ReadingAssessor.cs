using Earshot.Sdk;
using Earshot.Text;

namespace Earshot.Engines.Reading;

/// <summary>
/// Compares what was heard (a transcript with word timings) with the text the reader was given: one result per
/// reference word, the extra words, and scores. Pure logic, thread-safe.
/// </summary>
public static class ReadingAssessor
{
    /// <param name="confirming">A second decode: a reference word that <paramref name="heard"/> gets wrong but this one has
    /// right takes this one's result (its insertions are not used).</param>
    public static ReadingAssessment Assess(string reference, Transcript heard, ReadingAssessorOptions? options = null, Transcript? confirming = null)
    {
        var primary = Assess(reference, heard, options ?? ReadingAssessorOptions.Default);
        if (confirming is null)
            return primary;
        var second = Assess(reference, confirming, options ?? ReadingAssessorOptions.Default);
        var words = primary.Words.Select((w, i) => !w.CountsAsCorrect && second.Words[i].CountsAsCorrect ? second.Words[i] : w).ToList();
        return primary with { Words = words, Scores = Score(words, heard.Words, options ?? ReadingAssessorOptions.Default) };
    }

    private static ReadingAssessment Assess(string reference, Transcript heard, ReadingAssessorOptions options)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(heard);

        var referenceTokens = TextNormalizer.Tokenize(reference);
        var (hypothesisTokens, timings) = HeardTokens(heard);
        var alignment = WordAligner.Align(referenceTokens, hypothesisTokens);

        var words = new ReadingWord[referenceTokens.Count];
        var insertions = new List<ReadingInsertion>();
        var correctedNext = false;
        foreach (var op in alignment.Ops)
        {
            switch (op.Kind)
            {
                case EditKind.Insert:
                    var said = timings[op.HypStart];
                    var repeated = op.Notes.HasFlag(AlignmentNote.Repetition);
                    insertions.Add(new ReadingInsertion(op.RefStart, hypothesisTokens[op.HypStart].Text, said.Start, said.End, said.Confidence,
                        repeated ? ReadingStatus.Repetition : ReadingStatus.Insertion));
                    correctedNext |= op.Notes.HasFlag(AlignmentNote.SelfCorrection);
                    break;
                case EditKind.Delete:
                    words[op.RefStart] = Make(referenceTokens[op.RefStart], op.RefStart, ReadingStatus.Omission, null, []);
                    correctedNext = false;
                    break;
                default:
                    var status = op.Kind == EditKind.Substitute ? ReadingStatus.Substitution
                        : correctedNext ? ReadingStatus.SelfCorrection : ReadingStatus.Correct;
                    var spoken = timings.Skip(op.HypStart).Take(op.HypCount).ToList();
                    var text = string.Join(' ', hypothesisTokens.Skip(op.HypStart).Take(op.HypCount).Select(t => t.Text));
                    // a multi-word reading ("1455" read as four words) gives the same result to each reference word it spans
                    for (var r = op.RefStart; r < op.RefEnd; r++)
                        words[r] = Make(referenceTokens[r], r, status, text, spoken);
                    correctedNext = false;
                    break;
            }
        }

        var assessed = words.ToList();
        return new ReadingAssessment(reference, assessed, insertions, Score(assessed, heard.Words, options));
    }

    /// <summary>Recomputes the scores after statuses changed (a teacher's override); times and pauses come from the words.</summary>
    public static ReadingAssessment WithStatus(ReadingAssessment assessment, int index, ReadingStatus status, IReadOnlyList<RecognizedWord> heardWords,
        ReadingAssessorOptions? options = null)
    {
        if (index < 0 || index >= assessment.Words.Count)
            throw new ArgumentOutOfRangeException(nameof(index), $"There are {assessment.Words.Count} reference words.");
        if (status is ReadingStatus.Insertion or ReadingStatus.Repetition)
            throw new ArgumentException("A reference word can only be correct, substituted, omitted or self-corrected.", nameof(status));
        var words = assessment.Words.ToList();
        words[index] = words[index] with { Status = status };
        return assessment with { Words = words, Scores = Score(words, heardWords, options ?? ReadingAssessorOptions.Default) };
    }

    /// <summary>Scores from per-word statuses and the times of everything heard.</summary>
    public static ReadingScores Score(IReadOnlyList<ReadingWord> words, IReadOnlyList<RecognizedWord> heardWords, ReadingAssessorOptions options)
    {
        var total = words.Count;
        var correct = words.Count(w => w.CountsAsCorrect);
        var read = words.Count(w => w.Status != ReadingStatus.Omission);
        var spoken = heardWords.Where(w => w.End > w.Start || w.Word.Length > 0).OrderBy(w => w.Start).ToList();
        var readingTime = spoken.Count == 0 ? 0 : Math.Max(0, spoken[^1].End - spoken[0].Start);
        var pauses = new List<TimeSpan2>();
        for (var i = 1; i < spoken.Count; i++)
        {
            var gap = new TimeSpan2(spoken[i - 1].End, spoken[i].Start);
            if (gap.Duration > options.LongPauseSeconds)
                pauses.Add(gap);
        }
        return new ReadingScores(
            Percent(correct, total),
            Percent(read, total),
            readingTime > 0 ? Math.Round(correct / (readingTime / 60), 1) : 0,
            Math.Round(readingTime, 3),
            pauses);
    }

    private static double Percent(int part, int whole) => whole == 0 ? 0 : Math.Round(100.0 * part / whole, 1);

    /// <summary>Tokens of the heard words with the timing of the word each came from (a word may give several tokens).</summary>
    private static (List<Token> Tokens, List<RecognizedWord> Timings) HeardTokens(Transcript heard)
    {
        var tokens = new List<Token>();
        var timings = new List<RecognizedWord>();
        var offset = 0;
        foreach (var word in heard.Words)
        {
            foreach (var token in TextNormalizer.Tokenize(word.Word))
            {
                tokens.Add(token with { Start = token.Start + offset });
                timings.Add(word);
            }
            offset += word.Word.Length + 1;
        }
        return (tokens, timings);
    }

    private static ReadingWord Make(Token token, int index, ReadingStatus status, string? heard, IReadOnlyList<RecognizedWord> spoken) =>
        new(index, token.Text, token.Start, token.Length, status, heard,
            spoken.Count > 0 ? spoken[0].Start : null,
            spoken.Count > 0 ? spoken[^1].End : null,
            spoken.Count > 0 ? Math.Round(spoken.Average(s => s.Confidence), 4) : 0);
}
