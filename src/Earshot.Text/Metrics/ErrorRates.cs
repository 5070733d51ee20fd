using System.Text;

namespace Earshot.Text;

/// <summary>Word and character error rates, as <c>earshot eval asr</c> and <c>eval ocr</c> report them.</summary>
public static class ErrorRates
{
    private const long MaxRegionCells = 25_000_000;

    /// <summary>
    /// WER after <see cref="TextNormalizer"/> normalisation: case, punctuation and typographic quotes are ignored,
    /// near-identical spellings match, and digits equal their spoken readings ("1455" = "fourteen fifty five" counts as
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
    /// Computed on the word alignment: exactly matching words anchor the texts and each stretch between anchors is
    /// compared character by character, so the count can exceed the global character edit distance only when a cheaper
    /// character alignment would cross a matching word (rare; never for one-word differences).
    /// </remarks>
    public static ErrorRate CharacterErrorRate(string? reference, string? hypothesis, bool normalize = true)
    {
        var options = normalize
            ? WordAlignerOptions.Default with { NearMatchThreshold = 0 }
            : new WordAlignerOptions { NearMatchThreshold = 0, UseSpokenForms = false };
        var alignment = normalize
            ? WordAligner.Align(reference, hypothesis, options)
            : WordAligner.Align(WhitespaceTokens(reference), WhitespaceTokens(hypothesis), options);
        return CharacterErrorRate(alignment);
    }

    private static ErrorRate CharacterErrorRate(WordAlignment alignment)
    {
        var reference = alignment.Reference;
        var hypothesis = alignment.Hypothesis;
        var referenceChars = reference.Count == 0 ? 0 : reference.Sum(t => t.Normal.Length + 1) - 1;
        if (reference.Count == 0 || hypothesis.Count == 0)
        {
            var hypothesisChars = hypothesis.Count == 0 ? 0 : hypothesis.Sum(t => t.Normal.Length + 1) - 1;
            return new ErrorRate(0, referenceChars, hypothesisChars, referenceChars);
        }

        // Every word carries its following space on both sides; equal trailing text leaves the distance unchanged.
        var total = new CharCounts();
        var region = new List<AlignmentOp>();
        foreach (var op in alignment.Ops)
        {
            if (op.Kind == EditKind.Match)
            {
                total += CompareRegion(region, reference, hypothesis);
                region.Clear();
            }
            else
            {
                region.Add(op);
            }
        }
        total += CompareRegion(region, reference, hypothesis);
        return new ErrorRate(total.Substitutions, total.Deletions, total.Insertions, referenceChars);
    }

    private static CharCounts CompareRegion(List<AlignmentOp> region, IReadOnlyList<Token> reference, IReadOnlyList<Token> hypothesis)
    {
        if (region.Count == 0)
            return default;
        var referenceText = new StringBuilder();
        var hypothesisText = new StringBuilder();
        foreach (var op in region)
        {
            for (var k = op.RefStart; k < op.RefEnd; k++)
                referenceText.Append(reference[k].Normal).Append(' ');
            for (var k = op.HypStart; k < op.HypEnd; k++)
                hypothesisText.Append(hypothesis[k].Normal).Append(' ');
        }
        if ((long)referenceText.Length * hypothesisText.Length <= MaxRegionCells)
            return CharCounts.Between(referenceText.ToString(), hypothesisText.ToString());

        // Too long to compare as a whole: compare each step on its own.
        var counts = new CharCounts();
        foreach (var op in region)
        {
            var refWord = op.RefCount > 0 ? reference[op.RefStart].Normal + " " : "";
            var hypWord = op.HypCount > 0 ? hypothesis[op.HypStart].Normal + " " : "";
            counts += CharCounts.Between(refWord, hypWord);
        }
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
