namespace Earshot.Text;

/// <summary>Tuning for <see cref="WordAligner"/>.</summary>
public sealed record WordAlignerOptions
{
    /// <summary>Default options.</summary>
    public static readonly WordAlignerOptions Default = new();

    /// <summary>
    /// British and American spellings of a word match as a near match ("colour"/"color", "theatre"/"theater",
    /// "realise"/"realize"; see <see cref="SpellingVariants"/>).
    /// </summary>
    public bool MatchSpellingVariants { get; init; } = true;

    /// <summary>
    /// When above 0, two different words also count as a near match when their character edit distance (with adjacent
    /// transpositions) divided by the longer length is below this (0.2 accepts "colour"/"color" = 0.17 but not
    /// "walks"/"walk" = 0.2). Off by default: distance alone cannot tell spelling variants from misreadings such as
    /// "though"/"through" (0.14) or "amiable"/"amicable" (0.13).
    /// </summary>
    public double NearMatchThreshold { get; init; }

    /// <summary>Both words must be at least this long for a distance-based near match, so short words never blur together.</summary>
    public int MinNearMatchLength { get; init; } = 4;

    /// <summary>Accept spoken readings of numbers and abbreviations (<see cref="SpokenForms"/>) as matches.</summary>
    public bool UseSpokenForms { get; init; } = true;

    /// <summary>
    /// Most dynamic-programming cells to keep (about 2 bytes each). Longer inputs are aligned inside a diagonal band
    /// of this many cells, which stays exact unless the texts drift apart by more than the band's half-width.
    /// </summary>
    public long MaxCells { get; init; } = 32_000_000;
}
