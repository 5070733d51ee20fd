namespace Earshot.Text;

/// <summary>One change that turns the first text of <see cref="CompatTextAlgorithms.MatchWords"/> into the second.</summary>
/// <param name="Index">Character offset in the first text where the difference starts.</param>
/// <param name="Removed">The stretch of the first text to take out, as written there (empty for a pure insertion).</param>
/// <param name="Inserted">The stretch of the second text to put in, as written there (empty for a pure deletion).</param>
public sealed record WordChange(int Index, string Removed, string Inserted);
