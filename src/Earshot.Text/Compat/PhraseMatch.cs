namespace Earshot.Text;

/// <summary>Where <see cref="CompatTextAlgorithms.FindPhraseMatch"/> found a text among a list of phrases.</summary>
/// <param name="PhraseIndices">Ascending indices of the phrases the best-matching window overlaps.</param>
/// <param name="Similarity">1 − (character edit distance ÷ length of the prepared search text); 1 is an exact match.</param>
/// <param name="Text">The matched words as prepared (lower case, letters and digits, single spaces).</param>
public sealed record PhraseMatch(IReadOnlyList<int> PhraseIndices, double Similarity, string Text);
