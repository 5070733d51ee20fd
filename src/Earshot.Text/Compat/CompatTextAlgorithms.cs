namespace Earshot.Text;

/// <summary>
/// The seed API's text algorithms (match_words, match_phrases, find_phrases) with the seed's semantics, built on
/// <see cref="TextNormalizer"/> and <see cref="WordAligner"/>. "Compat": the seeds are the original API documents whose
/// clients these routes keep working.
/// </summary>
public static class CompatTextAlgorithms
{
    /// <summary>
    /// match_words: the changes that turn <paramref name="first"/> into <paramref name="second"/>, comparing whole words.
    /// </summary>
    /// <remarks>
    /// Choices where the seed is silent: words are compared in normal form (case, punctuation and typographic quotes
    /// ignored, British/American spellings such as "colour"/"color" and spoken readings such as "3"/"three" equal), so
    /// only word differences are reported; similar-looking but different words ("though"/"through") are differences. Consecutive word edits form one change. <see cref="WordChange.Index"/> is a
    /// character offset in <paramref name="first"/>; a pure insertion is placed at the start of the word it precedes,
    /// or just after the last word when it comes at the end (0 when the first text has no words). The removed and
    /// inserted segments are the original spellings from the first word to the last word of the change, including
    /// any punctuation between those words. Identical (or empty) texts give an empty list.
    /// </remarks>
    public static IReadOnlyList<WordChange> MatchWords(string? first, string? second, WordAlignerOptions? options = null)
    {
        first ??= string.Empty;
        second ??= string.Empty;
        var alignment = WordAligner.Align(first, second, options);
        var changes = new List<WordChange>();
        foreach (var run in ErrorRuns(alignment.Ops))
        {
            var refFrom = run[0].RefStart;
            var refTo = run[^1].RefEnd;
            var index = refTo > refFrom ? alignment.Reference[refFrom].Start : InsertionPoint(alignment.Reference, refFrom);
            changes.Add(new WordChange(
                index,
                Slice(first, alignment.Reference, refFrom, refTo),
                Slice(second, alignment.Hypothesis, run[0].HypStart, run[^1].HypEnd)));
        }
        return changes;
    }

    /// <summary>
    /// match_phrases: checks each of <paramref name="phrases"/> (consecutive fragments, e.g. recognised audio segments)
    /// against <paramref name="text"/> (the correct text) and returns, for every phrase in order, its errors.
    /// </summary>
    /// <remarks>
    /// As the seed describes, the phrases are joined and aligned with the text as a whole (ignoring case and non-letter
    /// symbols; numbers and their spoken readings are equal), then each error is handed back to the phrase it occurred
    /// in. Choices where the seed is silent: <see cref="PhraseError.Index"/> is a character offset within the phrase;
    /// consecutive word errors inside one phrase form one error, and a stretch of errors crossing a phrase boundary is
    /// split at it. Words of the text that no phrase contains (omissions) belong to the phrase holding the word spoken
    /// just before them, placed right after that word; omissions before the first spoken word belong to the first
    /// phrase with words, at the start of its first word. With no words in any phrase, all omissions go to phrase 0.
    /// Null phrases count as empty; an empty phrase list gives an empty result.
    /// </remarks>
    public static IReadOnlyList<IReadOnlyList<PhraseError>> MatchPhrases(IReadOnlyList<string?> phrases, string? text, WordAlignerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        text ??= string.Empty;
        var errors = phrases.Select(_ => new List<PhraseError>()).ToArray();
        if (phrases.Count == 0)
            return errors;

        var spoken = new List<Token>();
        var phraseOf = new List<int>();
        for (var p = 0; p < phrases.Count; p++)
        {
            foreach (var token in TextNormalizer.Tokenize(phrases[p]))
            {
                spoken.Add(token);
                phraseOf.Add(p);
            }
        }

        var alignment = WordAligner.Align(TextNormalizer.Tokenize(text), spoken, options);
        foreach (var run in ErrorRuns(alignment.Ops))
        {
            foreach (var (phrase, group) in SplitByPhrase(run, phraseOf))
                errors[phrase].Add(ToPhraseError(group, phrase, phrases[phrase] ?? string.Empty, text, alignment, phraseOf));
        }
        return errors;
    }

    /// <summary>
    /// find_phrases: indices (ascending) of the phrases in which <paramref name="toFind"/> appears, or an empty list when
    /// it is not found.
    /// </summary>
    /// <remarks>
    /// Follows the seed: both sides are prepared (lower case; only letters and digits; single spaces), the window of
    /// the joined phrases that best fits the search text is found by character edit distance, the window is widened to
    /// <paramref name="margin"/> × the search text's length when it is shorter, trimmed to whole words (a word belongs
    /// to the window when at least half of it lies inside) and mapped back to the phrases it overlaps, so a text
    /// spanning a phrase boundary returns both phrases. Choices where the seed is silent: the text counts as found
    /// when the similarity (1 − distance ÷ search length) is at least <paramref name="minSimilarity"/>; digits are
    /// compared as characters (no number words at this level); an empty search text or phrase list finds nothing.
    /// </remarks>
    public static IReadOnlyList<int> FindPhrases(IReadOnlyList<string?> phrases, string? toFind, double margin = 1.05, double minSimilarity = 0.5)
    {
        var match = FindPhraseMatch(phrases, toFind, margin);
        return match is not null && match.Similarity >= minSimilarity ? match.PhraseIndices : [];
    }

    /// <summary>The best window <see cref="FindPhrases"/> considers, with its similarity; null when either side has no words.</summary>
    public static PhraseMatch? FindPhraseMatch(IReadOnlyList<string?> phrases, string? toFind, double margin = 1.05)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        if (double.IsNaN(margin) || margin < 1)
            throw new ArgumentOutOfRangeException(nameof(margin), margin, "The margin must be at least 1.");
        return PhraseFinder.Find(phrases, toFind, margin);
    }

    /// <summary>Maximal stretches of consecutive non-matching steps.</summary>
    private static IEnumerable<List<AlignmentOp>> ErrorRuns(IReadOnlyList<AlignmentOp> ops)
    {
        var run = new List<AlignmentOp>();
        foreach (var op in ops)
        {
            if (op.IsError)
            {
                run.Add(op);
            }
            else if (run.Count > 0)
            {
                yield return run;
                run = [];
            }
        }
        if (run.Count > 0)
            yield return run;
    }

    private static IEnumerable<(int Phrase, List<AlignmentOp> Group)> SplitByPhrase(List<AlignmentOp> run, List<int> phraseOf)
    {
        var group = new List<AlignmentOp>();
        var phrase = -1;
        foreach (var op in run)
        {
            var opPhrase = op.HypCount > 0 ? phraseOf[op.HypStart] : -1;
            if (opPhrase >= 0 && phrase >= 0 && opPhrase != phrase)
            {
                yield return (phrase, group);
                group = [];
                phrase = -1;
            }
            if (opPhrase >= 0)
                phrase = opPhrase;
            group.Add(op);
        }
        if (phrase < 0)
            phrase = PhraseOfOmission(group[0].HypStart, phraseOf);
        yield return (phrase, group);
    }

    private static int PhraseOfOmission(int hypPosition, List<int> phraseOf) =>
        hypPosition > 0 ? phraseOf[hypPosition - 1]
        : phraseOf.Count > 0 ? phraseOf[0]
        : 0;

    private static PhraseError ToPhraseError(List<AlignmentOp> group, int phrase, string phraseText, string text,
        WordAlignment alignment, List<int> phraseOf)
    {
        int refFrom = group[0].RefStart, refTo = group[^1].RefEnd;
        int hypFrom = group[0].HypStart, hypTo = group[^1].HypEnd;
        var spoken = alignment.Hypothesis;
        int index;
        if (hypTo > hypFrom)
            index = spoken[hypFrom].Start;
        else if (hypFrom > 0 && phraseOf[hypFrom - 1] == phrase)
            index = spoken[hypFrom - 1].End;
        else if (hypFrom < spoken.Count && phraseOf[hypFrom] == phrase)
            index = spoken[hypFrom].Start;
        else
            index = 0;

        var textIndex = refTo > refFrom ? alignment.Reference[refFrom].Start : InsertionPoint(alignment.Reference, refFrom);
        return new PhraseError(index, Slice(phraseText, spoken, hypFrom, hypTo), Slice(text, alignment.Reference, refFrom, refTo), textIndex);
    }

    private static int InsertionPoint(IReadOnlyList<Token> tokens, int position) =>
        position < tokens.Count ? tokens[position].Start
        : tokens.Count > 0 ? tokens[^1].End
        : 0;

    private static string Slice(string source, IReadOnlyList<Token> tokens, int from, int to) =>
        to > from ? source[tokens[from].Start..tokens[to - 1].End] : string.Empty;
}
