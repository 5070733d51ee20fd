using System.Text.RegularExpressions;

namespace Earshot.Engines.Tests.PaddleOcr;

/// <summary>Edit distance between case-folded, whitespace-collapsed texts, divided by the reference length.</summary>
public static partial class CharacterErrorRate
{
    public static double Compute(string reference, string hypothesis)
    {
        var expected = Normalize(reference);
        var actual = Normalize(hypothesis);
        return expected.Length == 0 ? (actual.Length == 0 ? 0 : 1) : (double)Levenshtein(expected, actual) / expected.Length;
    }

    public static string Normalize(string text) => Whitespace().Replace(text, " ").Trim().ToLowerInvariant();

    private static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
