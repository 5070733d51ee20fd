namespace Earshot.Text;

/// <summary>The result of aligning a hypothesis (what was said or recognised) with a reference (what was expected).</summary>
/// <param name="Reference">Reference tokens, indexed by <see cref="AlignmentOp.RefStart"/>.</param>
/// <param name="Hypothesis">Hypothesis tokens, indexed by <see cref="AlignmentOp.HypStart"/>.</param>
/// <param name="Ops">Steps in order; together they cover every token of both sides exactly once.</param>
public sealed record WordAlignment(IReadOnlyList<Token> Reference, IReadOnlyList<Token> Hypothesis, IReadOnlyList<AlignmentOp> Ops)
{
    /// <summary>Number of <see cref="EditKind.Match"/> steps.</summary>
    public int Matches => Count(EditKind.Match);

    /// <summary>Number of <see cref="EditKind.Substitute"/> steps.</summary>
    public int Substitutions => Count(EditKind.Substitute);

    /// <summary>Number of <see cref="EditKind.Delete"/> steps (omitted reference words).</summary>
    public int Deletions => Count(EditKind.Delete);

    /// <summary>Number of <see cref="EditKind.Insert"/> steps (added hypothesis words).</summary>
    public int Insertions => Count(EditKind.Insert);

    private int Count(EditKind kind) => Ops.Count(op => op.Kind == kind);
}
