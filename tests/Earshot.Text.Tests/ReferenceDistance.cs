namespace Earshot.Text.Tests;

/// <summary>Textbook Levenshtein distance, the independent yardstick the aligner and error rates are checked against.</summary>
internal static class ReferenceDistance
{
    public static int Levenshtein<T>(IReadOnlyList<T> a, IReadOnlyList<T> b)
    {
        var comparer = EqualityComparer<T>.Default;
        var previous = Enumerable.Range(0, b.Count + 1).ToArray();
        for (var i = 1; i <= a.Count; i++)
        {
            var current = new int[b.Count + 1];
            current[0] = i;
            for (var j = 1; j <= b.Count; j++)
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + (comparer.Equals(a[i - 1], b[j - 1]) ? 0 : 1));
            previous = current;
        }
        return previous[b.Count];
    }

    public static int Levenshtein(string a, string b) => Levenshtein(a.ToCharArray(), b.ToCharArray());
}
