namespace Earshot.Text;

/// <summary>
/// One word of a text: its original spelling, its comparison form and where it sits in the original string.
/// </summary>
/// <param name="Text">The exact slice of the original string (for a word joined across a hyphenated line break this
/// includes the hyphen and the line break).</param>
/// <param name="Normal">Lower-case comparison form: unicode apostrophes folded to <c>'</c>, surrounding punctuation
/// removed, line-break hyphenation joined, thousands separators dropped from numbers.</param>
/// <param name="Start">Character offset of <see cref="Text"/> in the original string.</param>
/// <param name="Length">Length of <see cref="Text"/> in the original string.</param>
public sealed record Token(string Text, string Normal, int Start, int Length)
{
    /// <summary>Offset just past the token in the original string.</summary>
    public int End => Start + Length;
}
