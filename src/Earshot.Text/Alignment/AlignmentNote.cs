namespace Earshot.Text;

/// <summary>Extra facts about an <see cref="AlignmentOp"/>; several may be set at once.</summary>
[Flags]
public enum AlignmentNote
{
    /// <summary>Nothing to add.</summary>
    None = 0,

    /// <summary>A <see cref="EditKind.Match"/> between spellings of one word that differ ("colour"/"color").</summary>
    NearMatch = 1,

    /// <summary>A <see cref="EditKind.Match"/> through a spoken reading ("1455" / "fourteen fifty five", "Mr" / "mister").</summary>
    Equivalent = 2,

    /// <summary>An <see cref="EditKind.Insert"/> that repeats a word just read or about to be read ("the the cat").</summary>
    Repetition = 4,

    /// <summary>A wrong attempt that is immediately followed by the correct word ("the cut cat" for "the cat").</summary>
    SelfCorrection = 8,
}
