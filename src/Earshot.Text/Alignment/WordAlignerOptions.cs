namespace Earshot.Text;

/// <summary>Tuning for <see cref="WordAligner"/>.</summary>
public sealed record WordAlignerOptions
{
    /// <summary>Default options.</summary>
    public static readonly WordAlignerOptions Default = new();

    /// <summary>
    /// Two different words count as a match when their character edit distance (with adjacent transpositions)
    /// divided by the longer length is below this ("colour"/"color" = 0.17, "theatre"/"theater" = 0.14,
    /// "walks"/"walk" = 0.2 is not). 0 disables near matches.
    /// </summary>
    public double NearMatchThreshold { get; init; } = 0.2;

    /// <summary>Both words must be at least this long for a near match, so short words never blur together.</summary>
    public int MinNearMatchLength { get; init; } = 4;

    /// <summary>Accept spoken readings of numbers and abbreviations (<see cref="SpokenForms"/>) as matches.</summary>
    public bool UseSpokenForms { get; init; } = true;

    /// <summary>
    /// Most dynamic-programming cells to keep (about 2 bytes each). Longer inputs are aligned inside a diagonal band
    /// of this many cells, which stays exact unless the texts drift apart by more than the band's half-width.
    /// </summary>
    public long MaxCells { get; init; } = 32_000_000;
}
