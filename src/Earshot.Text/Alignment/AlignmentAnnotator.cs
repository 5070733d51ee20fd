namespace Earshot.Text;

/// <summary>Marks repetitions and self-corrections among the insertions of a finished alignment.</summary>
/// <remarks>
/// Repetition: an inserted word equal to one of the three reference words on either side of the insertion point or
/// to the hypothesis word just before it ("the the cat", "the cat the cat sat").
/// Self-correction: an inserted word (not a repetition) in a run of insertions that ends in a match of the very
/// reference word at the insertion point, when the inserted word resembles that word (a prefix of it or at most half
/// its letters different): "the cut cat", "the c- ca- cat". A reader substituting a word and then saying the right one
/// shows up in the minimal script as exactly this insertion-then-match pattern.
/// </remarks>
internal static class AlignmentAnnotator
{
    private const int RepetitionWindow = 3;
    private const double MaxAttemptDissimilarity = 0.5;

    public static void Annotate(List<AlignmentOp> ops, AlignmentVocabulary words)
    {
        for (var k = 0; k < ops.Count; k++)
        {
            var op = ops[k];
            if (op.Kind != EditKind.Insert)
                continue;
            if (IsRepetition(op, words))
            {
                ops[k] = op with { Notes = op.Notes | AlignmentNote.Repetition };
                continue;
            }
            if (CorrectedLater(ops, k, words))
                ops[k] = op with { Notes = op.Notes | AlignmentNote.SelfCorrection };
        }
    }

    private static bool IsRepetition(AlignmentOp insert, AlignmentVocabulary words)
    {
        var word = words.HypIds[insert.HypStart];
        var position = insert.RefStart;
        var from = Math.Max(0, position - RepetitionWindow);
        var to = Math.Min(words.RefIds.Length, position + RepetitionWindow);
        if (words.RefIds.AsSpan(from, to - from).Contains(word))
            return true;
        return insert.HypStart > 0 && words.HypIds[insert.HypStart - 1] == word;
    }

    private static bool CorrectedLater(List<AlignmentOp> ops, int index, AlignmentVocabulary words)
    {
        var insert = ops[index];
        var next = index + 1;
        while (next < ops.Count && ops[next].Kind == EditKind.Insert && ops[next].RefStart == insert.RefStart)
            next++;
        if (next >= ops.Count || ops[next] is not { Kind: EditKind.Match } match || match.RefStart != insert.RefStart)
            return false;
        var attempt = words.Word(words.HypIds[insert.HypStart]);
        var target = words.Word(words.RefIds[match.RefStart]);
        return target.StartsWith(attempt, StringComparison.Ordinal)
            || WordSimilarity.Dissimilarity(attempt, target) <= MaxAttemptDissimilarity;
    }
}
