using System.Globalization;
using System.Text;

namespace Earshot.Text;

/// <summary>
/// Splits text into <see cref="Token"/>s for comparison while remembering where every word came from.
/// </summary>
/// <remarks>
/// Rules: letters, digits and combining marks make words; everything else separates them.
/// Apostrophes (<c>' ’ ‘ ʼ `</c>) stay inside a word when a letter or digit precedes them and a letter follows
/// (<c>don't</c>, <c>o'clock</c>), otherwise they are dropped (<c>'n'</c> → <c>n</c>).
/// Hyphens and dashes separate words (<c>forty-two</c> → <c>forty</c>, <c>two</c>), except a hyphen (or soft hyphen)
/// that ends a line between two letters, which is an OCR/typesetting break and is joined
/// (<c>environ-\nment</c> → <c>environment</c>). Inside numbers, <c>.</c> between digits is kept (<c>3.5</c>),
/// <c>,</c> followed by exactly three digits is a thousands separator and dropped (<c>1,000</c> → <c>1000</c>),
/// a <c>%</c> right after a digit and a currency sign (<c>$ £ €</c>) right before one stay with the number.
/// A lone <c>&amp;</c> is a word of its own. Diacritics are kept.
/// </remarks>
public static class TextNormalizer
{
    /// <summary>Tokenises <paramref name="text"/>; returns an empty list for null, empty or punctuation-only text.</summary>
    public static IReadOnlyList<Token> Tokenize(string? text)
    {
        var tokens = new List<Token>();
        if (string.IsNullOrEmpty(text))
            return tokens;

        var normal = new StringBuilder();
        var start = -1;
        var end = -1;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (IsWordCore(c))
            {
                if (start < 0)
                    start = i;
                normal.Append(char.ToLowerInvariant(c));
                end = ++i;
                continue;
            }

            if (start >= 0)
            {
                var step = ContinueWord(text, i, normal);
                if (step > 0)
                {
                    i += step;
                    if (c == '%')
                    {
                        // a percent sign always closes the number
                        tokens.Add(MakeToken(text, normal, start, i));
                        start = -1;
                    }
                    else if (!IsHyphen(c))
                    {
                        end = i;
                    }
                    continue;
                }
            }

            if (start >= 0)
            {
                tokens.Add(MakeToken(text, normal, start, end));
                start = -1;
            }

            if (c == '&')
            {
                tokens.Add(new Token("&", "&", i, 1));
            }
            else if (IsCurrencySign(c) && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))
            {
                start = i;
                normal.Append(c);
                end = i + 1;
            }
            i++;
        }

        if (start >= 0)
            tokens.Add(MakeToken(text, normal, start, end));
        return tokens;
    }

    /// <summary>The normal forms of <paramref name="text"/> joined by single spaces.</summary>
    public static string Normalize(string? text) => string.Join(' ', Tokenize(text).Select(t => t.Normal));

    /// <summary>True for apostrophe-like characters that are folded to <c>'</c>.</summary>
    public static bool IsApostrophe(char c) => c is '\'' or '\u2019' or '\u2018' or '\u02BC' or '`' or '\u00B4' or '\u2032';

    /// <summary>True for hyphens that may mark a word broken across lines (not dashes).</summary>
    public static bool IsHyphen(char c) => c is '-' or '\u2010' or '\u2011' or '\u00AD' or '\u00AC';

    /// <summary>Folds typographic quotes and apostrophes to their ASCII forms, keeping the string length.</summary>
    public static string FoldQuotes(string text)
    {
        if (string.IsNullOrEmpty(text))
            return text;
        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var k = 0; k < source.Length; k++)
            {
                var c = source[k];
                span[k] = IsApostrophe(c) ? '\''
                    : c is '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u00AB' or '\u00BB' or '\u2033' ? '"'
                    : c;
            }
        });
    }

    private static bool IsWordCore(char c)
    {
        if (char.IsLetterOrDigit(c))
            return true;
        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        return category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
    }

    private static bool IsCurrencySign(char c) => c is '$' or '£' or '€';

    /// <summary>
    /// How many characters from <paramref name="i"/> continue the word already started (0 when the word ends there);
    /// appends what they contribute to the normal form.
    /// </summary>
    private static int ContinueWord(string text, int i, StringBuilder normal)
    {
        var c = text[i];
        var previous = text[i - 1];
        var next = i + 1 < text.Length ? text[i + 1] : '\0';

        if (IsApostrophe(c) && char.IsLetterOrDigit(previous) && char.IsLetter(next))
        {
            normal.Append('\'');
            return 1;
        }
        if (c == '.' && char.IsAsciiDigit(previous) && char.IsAsciiDigit(next))
        {
            normal.Append('.');
            return 1;
        }
        if (c == ',' && char.IsAsciiDigit(previous) && IsThousandsGroup(text, i + 1))
            return 1;
        if (c == '%' && char.IsAsciiDigit(previous))
        {
            normal.Append('%');
            return 1;
        }
        if (c == '\u00AD' && char.IsLetter(previous) && char.IsLetter(next))
            return 1;
        if (IsHyphen(c) && char.IsLetter(previous) && LineBreakFollows(text, i + 1, out var resume))
            return resume - i;
        return 0;
    }

    private static bool IsThousandsGroup(string text, int from)
    {
        for (var k = 0; k < 3; k++)
        {
            if (from + k >= text.Length || !char.IsAsciiDigit(text[from + k]))
                return false;
        }
        return from + 3 >= text.Length || !char.IsAsciiDigit(text[from + 3]);
    }

    /// <summary>True when spaces, exactly one line break and more spaces lead to a letter; <paramref name="resume"/> is that letter.</summary>
    private static bool LineBreakFollows(string text, int from, out int resume)
    {
        resume = from;
        var k = SkipBlanks(text, from);
        if (k < text.Length && text[k] == '\r')
            k++;
        if (k < text.Length && text[k] is '\n' or '\u2028')
            k++;
        else if (k == from || text[k - 1] != '\r')
            return false;
        k = SkipBlanks(text, k);
        if (k >= text.Length || !char.IsLetter(text[k]))
            return false;
        resume = k;
        return true;
    }

    private static int SkipBlanks(string text, int k)
    {
        while (k < text.Length && text[k] is ' ' or '\t')
            k++;
        return k;
    }

    private static Token MakeToken(string text, StringBuilder normal, int start, int end)
    {
        var token = new Token(text[start..end], normal.ToString(), start, end - start);
        normal.Clear();
        return token;
    }
}
