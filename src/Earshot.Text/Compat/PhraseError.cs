namespace Earshot.Text;

/// <summary>One error found in a phrase by <see cref="CompatTextAlgorithms.MatchPhrases"/>.</summary>
/// <param name="Index">Character offset in the phrase where the error starts (the API's <c>at_char</c>).</param>
/// <param name="Incorrect">What the phrase says there, as written in the phrase (empty when words are missing).</param>
/// <param name="Correct">What the correct text says there, as written in it (empty when the phrase added words).</param>
/// <param name="TextIndex">Character offset in the correct text where <paramref name="Correct"/> starts (or would be
/// inserted), for mapping the error onto the source, e.g. an OCR word box.</param>
public sealed record PhraseError(int Index, string Incorrect, string Correct, int TextIndex);
