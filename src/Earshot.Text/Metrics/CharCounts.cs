namespace Earshot.Text;

/// <summary>Character edit counts along one cheapest Levenshtein path.</summary>
internal readonly record struct CharCounts(int Substitutions, int Deletions, int Insertions)
{
    public int Total => Substitutions + Deletions + Insertions;

    public static CharCounts operator +(CharCounts left, CharCounts right) => new(
        left.Substitutions + right.Substitutions, left.Deletions + right.Deletions, left.Insertions + right.Insertions);

    /// <summary>Counts from <paramref name="reference"/> to <paramref name="hypothesis"/> in O(n·m) time and O(m) memory.</summary>
    public static CharCounts Between(string reference, string hypothesis)
    {
        if (reference.Length == 0)
            return new CharCounts(0, 0, hypothesis.Length);
        if (hypothesis.Length == 0)
            return new CharCounts(0, reference.Length, 0);

        var previous = new CharCounts[hypothesis.Length + 1];
        var current = new CharCounts[hypothesis.Length + 1];
        for (var j = 0; j <= hypothesis.Length; j++)
            previous[j] = new CharCounts(0, 0, j);

        for (var i = 1; i <= reference.Length; i++)
        {
            current[0] = new CharCounts(0, i, 0);
            for (var j = 1; j <= hypothesis.Length; j++)
            {
                var diagonal = previous[j - 1];
                if (reference[i - 1] != hypothesis[j - 1])
                    diagonal = diagonal with { Substitutions = diagonal.Substitutions + 1 };
                var up = previous[j] with { Deletions = previous[j].Deletions + 1 };
                var left = current[j - 1] with { Insertions = current[j - 1].Insertions + 1 };
                var best = diagonal;
                if (up.Total < best.Total)
                    best = up;
                if (left.Total < best.Total)
                    best = left;
                current[j] = best;
            }
            (previous, current) = (current, previous);
        }
        return previous[hypothesis.Length];
    }
}
