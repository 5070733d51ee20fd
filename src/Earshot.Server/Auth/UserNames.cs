using System.Globalization;
using System.Text;

namespace Earshot.Server.Auth;

/// <summary>
/// User names are stored NFKC-normalised, and two names that look alike share one key, so "ａｄｍｉｎ" (full-width) or
/// "аdmin" (Cyrillic а) cannot register beside "admin", nor sign in as someone else's look-alike.
/// </summary>
public static class UserNames
{
    public const int MaxLength = 64;

    /// <summary>
    /// The name as stored: NFKC, which folds full-width and other compatibility forms into plain letters. The server runs in
    /// invariant globalization mode, where string.Normalize leaves non-ASCII text as it is, so letters and digits are mapped
    /// through nfkc-letters.txt (scripts/gen-nfkc-table.py); any other character is refused by <see cref="Problem"/> anyway.
    /// </summary>
    public static string Normalize(string name)
    {
        if (Ascii.IsValid(name))
            return name;
        var normal = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (Nfkc.Value.TryGetValue(c, out var mapped))
                normal.Append(mapped);
            else
                normal.Append(c);
        }
        return normal.ToString();
    }

    private static readonly Lazy<Dictionary<char, string>> Nfkc = new(() =>
    {
        using var stream = typeof(UserNames).Assembly.GetManifestResourceStream("Earshot.Server.Auth.nfkc-letters.txt")
            ?? throw new InvalidOperationException("The NFKC table is not embedded.");
        using var reader = new StreamReader(stream);
        var map = new Dictionary<char, string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var (from, to) = (line[..line.IndexOf('\t')], line[(line.IndexOf('\t') + 1)..]);
            map[(char)Convert.ToInt32(from, 16)] = string.Concat(to.Split(' ').Select(h => char.ConvertFromUtf32(Convert.ToInt32(h, 16))));
        }
        return map;
    });

    /// <summary>Why a (normalised) name is refused, or null when it is fine.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxLength)
            return $"username is required: 1-{MaxLength} letters, digits or _ - . @";
        if (name.Any(IsBidiControl))
            return "username must not contain bidirectional control characters.";
        if (!name.All(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or '@'))
            return $"username is required: 1-{MaxLength} letters, digits or _ - . @";
        return null;
    }

    /// <summary>
    /// The unique key of a name: upper-cased, with letters of other scripts that look like Latin ones replaced by those
    /// (a subset of Unicode's confusables for Cyrillic and Greek), so look-alikes collide.
    /// </summary>
    public static string Key(string name)
    {
        var upper = Normalize(name).ToUpperInvariant();
        var key = new StringBuilder(upper.Length);
        foreach (var c in upper)
            key.Append(LookAlikes.TryGetValue(c, out var latin) ? latin : c);
        return key.ToString();
    }

    /// <summary>Characters that reorder how text is displayed (U+202A-202E, U+2066-2069, U+200E/F, U+061C), so
    /// "\u202Egnp.wav" shows as "vaw.png".</summary>
    public static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C';

    /// <summary>Format characters (bidi controls, zero-width joiners) have no place in names shown to people.</summary>
    public static bool IsInvisible(char c) => char.GetUnicodeCategory(c) == UnicodeCategory.Format;

    // Upper-case Cyrillic and Greek letters drawn like Latin capitals (after ToUpperInvariant, lower-case ones are these too).
    private static readonly Dictionary<char, char> LookAlikes = new()
    {
        ['А'] = 'A', ['В'] = 'B', ['Е'] = 'E', ['Ё'] = 'E', ['К'] = 'K', ['М'] = 'M', ['Н'] = 'H', ['О'] = 'O', ['Р'] = 'P',
        ['С'] = 'C', ['Т'] = 'T', ['У'] = 'Y', ['Х'] = 'X', ['Ѕ'] = 'S', ['І'] = 'I', ['Ї'] = 'I', ['Ј'] = 'J', ['Ԛ'] = 'Q',
        ['Ԝ'] = 'W', ['Ү'] = 'Y', ['Һ'] = 'H', ['Ӏ'] = 'I',
        ['Α'] = 'A', ['Β'] = 'B', ['Ε'] = 'E', ['Ζ'] = 'Z', ['Η'] = 'H', ['Ι'] = 'I', ['Κ'] = 'K', ['Μ'] = 'M', ['Ν'] = 'N',
        ['Ο'] = 'O', ['Ρ'] = 'P', ['Τ'] = 'T', ['Υ'] = 'Y', ['Χ'] = 'X',
    };
}
