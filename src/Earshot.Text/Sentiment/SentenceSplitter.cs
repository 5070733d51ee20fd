namespace Earshot.Text.Sentiment;

/// <summary>Splits text into sentences with their character spans.</summary>
/// <remarks>
/// A sentence ends at a run of <c>. ! ? …</c> (plus any closing quotes or brackets) followed by whitespace or the end,
/// and at a blank line. A single full stop does not end a sentence after a common abbreviation ("Mr.", "e.g."), after a
/// single letter (an initial, "J. Smith"), or when the next word starts in lower case. Single line breaks do not end
/// sentences (wrapped lines, OCR output).
/// </remarks>
public static class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "etc", "e.g", "i.e", "eg", "ie", "no", "nos", "fig",
        "vol", "mt", "inc", "ltd", "co", "corp", "approx", "dept", "est", "gen", "gov", "sgt", "capt", "lt", "col",
        "rev", "hon", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    };

    /// <summary>The sentences of <paramref name="text"/> in order; none for empty or whitespace-only text.</summary>
    public static IReadOnlyList<Sentence> Split(string? text)
    {
        var sentences = new List<Sentence>();
        if (string.IsNullOrEmpty(text))
            return sentences;

        var start = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (IsTerminator(c))
            {
                var end = i;
                while (end < text.Length && IsTerminator(text[end]))
                    end++;
                while (end < text.Length && IsCloser(text[end]))
                    end++;
                if ((end == text.Length || char.IsWhiteSpace(text[end])) && EndsSentence(text, i, end))
                {
                    Add(sentences, text, start, end);
                    start = end;
                }
                i = end;
                continue;
            }
            if (c == '\n' && IsBlankLineAhead(text, i + 1, out var after))
            {
                Add(sentences, text, start, i);
                start = i = after;
                continue;
            }
            i++;
        }
        Add(sentences, text, start, text.Length);
        return sentences;
    }

    private static bool IsTerminator(char c) => c is '.' or '!' or '?' or '\u2026' or '\u203C' or '\u2047' or '\u2048' or '\u2049';

    private static bool IsCloser(char c) => c is '"' or '\'' or ')' or ']' or '}' or '\u201D' or '\u2019' or '\u00BB';

    /// <summary>Whether the terminator run at [<paramref name="at"/>, <paramref name="end"/>) really closes a sentence.</summary>
    private static bool EndsSentence(string text, int at, int end)
    {
        if (text[at] != '.' || (at + 1 < text.Length && IsTerminator(text[at + 1])))
            return true;

        var wordStart = at;
        while (wordStart > 0 && (char.IsLetterOrDigit(text[wordStart - 1]) || text[wordStart - 1] == '.'))
            wordStart--;
        var word = text[wordStart..at];
        if (Abbreviations.Contains(word) || (word.Length == 1 && char.IsLetter(word[0])))
            return false;

        var next = end;
        while (next < text.Length && char.IsWhiteSpace(text[next]))
            next++;
        return next >= text.Length || !char.IsLower(text[next]);
    }

    private static bool IsBlankLineAhead(string text, int from, out int after)
    {
        after = from;
        var k = from;
        while (k < text.Length && text[k] is ' ' or '\t' or '\r')
            k++;
        if (k >= text.Length || text[k] != '\n')
            return false;
        after = k + 1;
        return true;
    }

    private static void Add(List<Sentence> sentences, string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
            start++;
        while (end > start && char.IsWhiteSpace(text[end - 1]))
            end--;
        if (end > start)
            sentences.Add(new Sentence(text[start..end], start, end - start));
    }
}
