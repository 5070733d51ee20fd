using System.Text;

namespace Earshot.Text;

/// <summary>Word and character error rates, as <c>earshot-lab eval asr</c> and <c>eval ocr</c> report them.</summary>
public static class ErrorRates
{
    private const long MaxGlobalCells = 50_000_000;

    /// <summary>
    /// WER after <see cref="TextNormalizer"/> normalisation: case, punctuation and typographic quotes are ignored,
    /// British/American spelling variants match, and digits equal their spoken readings ("1455" = "fourteen fifty five" counts as
    /// one correct reference word).
    /// </summary>
    public static ErrorRate WordErrorRate(string? reference, string? hypothesis, WordAlignerOptions? options = null) =>
        WordErrorRate(WordAligner.Align(reference, hypothesis, options));

    /// <summary>WER counts of an existing alignment; the reference length is its reference token count.</summary>
    public static ErrorRate WordErrorRate(WordAlignment alignment)
    {
        ArgumentNullException.ThrowIfNull(alignment);
        return new ErrorRate(alignment.Substitutions, alignment.Deletions, alignment.Insertions, alignment.Reference.Count);
    }

    /// <summary>
    /// CER over the texts' words joined by single spaces (spaces count as characters).
    /// With <paramref name="normalize"/> (the default) words are the <see cref="Token.Normal"/> forms, and a number
    /// written as digits on one side and as words on the other counts as the reference spelling; without it the
    /// comparison is exact apart from collapsing whitespace.
    /// </summary>
    /// <remarks>
    /// Exact character edit distance while reference length × hypothesis length stays under 50 million (about
    /// 7,000 characters each). Beyond that, exactly matching words anchor the texts and each stretch between anchors
    /// is compared character by character, which can only over-count, and only where a cheaper character alignment
    /// would cross a matching word.
    /// </remarks>
    public static ErrorRate CharacterErrorRate(string? reference, string? hypothesis, bool normalize = true) =>
        CharacterErrorRate(reference, hypothesis, normalize, MaxGlobalCells);

    internal static ErrorRate CharacterErrorRate(string? reference, string? hypothesis, bool normalize, long maxGlobalCells)
    {
        var options = normalize
            ? new WordAlignerOptions { MatchSpellingVariants = false }
            : new WordAlignerOptions { MatchSpellingVariants = false, UseSpokenForms = false };
        var alignment = normalize
            ? WordAligner.Align(reference, hypothesis, options)
            : WordAligner.Align(WhitespaceTokens(reference), WhitespaceTokens(hypothesis), options);
        var pieces = CanonicalPieces(alignment);
        var referenceChars = Math.Max(pieces.Sum(p => p.Reference.Length) - 1, 0);
        if (alignment.Reference.Count == 0 || alignment.Hypothesis.Count == 0)
            return new ErrorRate(0, referenceChars, Math.Max(pieces.Sum(p => p.Hypothesis.Length) - 1, 0), referenceChars);

        // Every word carries its following space on both sides; equal trailing text leaves the distance unchanged.
        var referenceText = string.Concat(pieces.Select(p => p.Reference));
        var hypothesisText = string.Concat(pieces.Select(p => p.Hypothesis));
        var counts = (long)referenceText.Length * hypothesisText.Length <= maxGlobalCells
            ? CharCounts.Between(referenceText, hypothesisText)
            : AnchoredCounts(pieces);
        return new ErrorRate(counts.Substitutions, counts.Deletions, counts.Insertions, referenceChars);
    }

    /// <summary>Each step's words with a trailing space each; a match through a reading uses the reference spelling on both sides.</summary>
    private static List<(string Reference, string Hypothesis, bool Anchor)> CanonicalPieces(WordAlignment alignment)
    {
        static string Words(IReadOnlyList<Token> tokens, int from, int count)
        {
            var text = new StringBuilder();
            for (var k = from; k < from + count; k++)
                text.Append(tokens[k].Normal).Append(' ');
            return text.ToString();
        }

        return alignment.Ops.Select(op =>
        {
            var reference = Words(alignment.Reference, op.RefStart, op.RefCount);
            return op.Kind == EditKind.Match
                ? (reference, reference, true)
                : (reference, Words(alignment.Hypothesis, op.HypStart, op.HypCount), false);
        }).ToList();
    }

    private static CharCounts AnchoredCounts(List<(string Reference, string Hypothesis, bool Anchor)> pieces)
    {
        var total = new CharCounts();
        var start = 0;
        for (var k = 0; k <= pieces.Count; k++)
        {
            if (k < pieces.Count && !pieces[k].Anchor)
                continue;
            if (k > start)
                total += CompareRegion(pieces.GetRange(start, k - start));
            start = k + 1;
        }
        return total;
    }

    private static CharCounts CompareRegion(List<(string Reference, string Hypothesis, bool Anchor)> region)
    {
        var reference = string.Concat(region.Select(p => p.Reference));
        var hypothesis = string.Concat(region.Select(p => p.Hypothesis));
        if ((long)reference.Length * hypothesis.Length <= MaxGlobalCells)
            return CharCounts.Between(reference, hypothesis);

        // Still too long: compare step by step.
        var counts = new CharCounts();
        foreach (var piece in region)
            counts += CharCounts.Between(piece.Reference, piece.Hypothesis);
        return counts;
    }

    private static List<Token> WhitespaceTokens(string? text)
    {
        var tokens = new List<Token>();
        if (string.IsNullOrEmpty(text))
            return tokens;
        var start = -1;
        for (var k = 0; k <= text.Length; k++)
        {
            var boundary = k == text.Length || char.IsWhiteSpace(text[k]);
            if (!boundary && start < 0)
            {
                start = k;
            }
            else if (boundary && start >= 0)
            {
                var word = text[start..k];
                tokens.Add(new Token(word, word, start, k - start));
                start = -1;
            }
        }
        return tokens;
    }
}
