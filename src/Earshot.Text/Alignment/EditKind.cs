namespace Earshot.Text;

/// <summary>What one step of a word alignment does to the reference to reach the hypothesis.</summary>
public enum EditKind
{
    /// <summary>The words agree (exactly, as a spelling variant, or as an equivalent reading such as "3" and "three").</summary>
    Match,

    /// <summary>A reference word was replaced by a different hypothesis word.</summary>
    Substitute,

    /// <summary>A reference word has no counterpart: it was omitted (not spoken / not recognised).</summary>
    Delete,

    /// <summary>A hypothesis word has no counterpart in the reference: it was added.</summary>
    Insert,
}
