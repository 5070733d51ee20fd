namespace Earshot.Text;

/// <summary>
/// One step of a word alignment, as token index ranges into the reference and the hypothesis.
/// </summary>
/// <remarks>
/// A <see cref="EditKind.Delete"/> has <see cref="HypCount"/> 0 and <see cref="HypStart"/> is the hypothesis position
/// where the missing word would be; an <see cref="EditKind.Insert"/> has <see cref="RefCount"/> 0 and
/// <see cref="RefStart"/> is the index of the reference word it comes before (the reference length at the end).
/// A <see cref="EditKind.Match"/> through a multi-word reading covers one token on one side and several on the other.
/// </remarks>
public sealed record AlignmentOp(EditKind Kind, int RefStart, int RefCount, int HypStart, int HypCount, AlignmentNote Notes = AlignmentNote.None)
{
    /// <summary>Reference index just past this step.</summary>
    public int RefEnd => RefStart + RefCount;

    /// <summary>Hypothesis index just past this step.</summary>
    public int HypEnd => HypStart + HypCount;

    /// <summary>True for anything other than a match.</summary>
    public bool IsError => Kind != EditKind.Match;
}
