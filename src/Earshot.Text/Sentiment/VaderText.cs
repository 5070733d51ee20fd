namespace Earshot.Text.Sentiment;

/// <summary>
/// The words VADER scores: whitespace-separated tokens longer than one character, with one leading or trailing run
/// of punctuation removed when what remains is a plain word, so "smart," becomes "smart" while contractions
/// ("don't") and emoticons (":)", ":D") stay intact.
/// </summary>
internal sealed class VaderText
{
    public VaderText(string text)
    {
        Words = Split(text);
        Lower = Words.Select(w => w.ToLowerInvariant()).ToArray();
        var shouted = Words.Count(IsShouted);
        MixedCase = shouted > 0 && shouted < Words.Length;
    }

    public string[] Words { get; }

    public string[] Lower { get; }

    /// <summary>Some words, but not all, are in capitals: only then do capitals add emphasis.</summary>
    public bool MixedCase { get; }

    /// <summary>Python-style isupper: at least one upper-case letter and no lower-case ones (":)WORD" counts, ":)" does not).</summary>
    public static bool IsShouted(string word)
    {
        var hasUpper = false;
        foreach (var c in word)
        {
            if (char.IsLower(c))
                return false;
            hasUpper |= char.IsUpper(c);
        }
        return hasUpper;
    }

    private static string[] Split(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Where(token => token.Length > 1)
            .Select(StripEdgePunctuation)
            .ToArray();

    private static string StripEdgePunctuation(string token)
    {
        foreach (var mark in VaderWordLists.EdgePunctuation)
        {
            if (token.Length <= mark.Length)
                continue;
            if (token.StartsWith(mark, StringComparison.Ordinal) && IsPlainWord(token.AsSpan(mark.Length)))
                return token[mark.Length..];
            if (token.EndsWith(mark, StringComparison.Ordinal) && IsPlainWord(token.AsSpan(0, token.Length - mark.Length)))
                return token[..^mark.Length];
        }
        return token;
    }

    private static bool IsPlainWord(ReadOnlySpan<char> word) =>
        word.Length > 1 && word.IndexOfAny(VaderWordLists.AsciiPunctuation) < 0;
}
