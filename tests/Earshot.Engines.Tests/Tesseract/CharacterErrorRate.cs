using System.Text.RegularExpressions;

namespace Earshot.Engines.Tests.Tesseract;

/// <summary>Character error rate: Levenshtein distance over the reference length, after collapsing whitespace runs to one space.</summary>
internal static partial class CharacterErrorRate
{
    public static double Compute(string reference, string hypothesis)
    {
        var expected = Normalize(reference);
        var actual = Normalize(hypothesis);
        return expected.Length == 0 ? (actual.Length == 0 ? 0 : 1) : (double)Distance(expected, actual) / expected.Length;
    }

    public static string Normalize(string text) => Whitespace().Replace(text, " ").Trim();

    /// <summary>Edit distance with unit costs, two rows at a time.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
