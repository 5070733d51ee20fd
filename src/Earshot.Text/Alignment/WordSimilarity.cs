namespace Earshot.Text;

/// <summary>Character-level distances between words.</summary>
public static class WordSimilarity
{
    /// <summary>
    /// Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two adjacent characters
    /// each cost 1 ("theatre" → "theater" is 1).
    /// </summary>
    public static int Distance(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.SequenceEqual(b))
            return 0;
        if (a.Length == 0)
            return b.Length;
        if (b.Length == 0)
            return a.Length;
        if (a.Length <= 64)
            return BitParallelDistance(a, b);
        return TableDistance(a, b);
    }

    [ThreadStatic]
    private static ulong[]? _asciiMasks;

    /// <summary>
    /// Hyyrö's bit-parallel form of Myers' algorithm extended with transpositions (2003): one machine word holds a
    /// whole column of the edit table, so a pair of short words costs a few operations per character.
    /// </summary>
    private static int BitParallelDistance(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var masks = _asciiMasks ??= new ulong[128];
        for (var k = 0; k < a.Length; k++)
        {
            if (a[k] < 128)
                masks[a[k]] |= 1UL << k;
        }

        var last = 1UL << (a.Length - 1);
        var positive = a.Length == 64 ? ulong.MaxValue : (1UL << a.Length) - 1;
        var negative = 0UL;
        var previousDiagonal = 0UL;
        var previousMatch = 0UL;
        var score = a.Length;
        foreach (var c in b)
        {
            var match = c < 128 ? masks[c] : MaskOf(a, c);
            var transposed = ((~previousDiagonal & match) << 1) & previousMatch;
            var diagonal = (((match & positive) + positive) ^ positive) | match | negative | transposed;
            var horizontalPositive = negative | ~(diagonal | positive);
            var horizontalNegative = diagonal & positive;
            if ((horizontalPositive & last) != 0)
                score++;
            else if ((horizontalNegative & last) != 0)
                score--;
            horizontalPositive = (horizontalPositive << 1) | 1;
            horizontalNegative <<= 1;
            positive = horizontalNegative | ~(diagonal | horizontalPositive);
            negative = horizontalPositive & diagonal;
            previousDiagonal = diagonal;
            previousMatch = match;
        }

        for (var k = 0; k < a.Length; k++)
        {
            if (a[k] < 128)
                masks[a[k]] = 0;
        }
        return score;
    }

    private static ulong MaskOf(ReadOnlySpan<char> a, char c)
    {
        var mask = 0UL;
        for (var k = 0; k < a.Length; k++)
        {
            if (a[k] == c)
                mask |= 1UL << k;
        }
        return mask;
    }

    private static int TableDistance(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var width = b.Length + 1;
        var buffer = width * 3 <= 768 ? stackalloc int[width * 3] : new int[width * 3];
        var beforePrevious = buffer[..width];
        var previous = buffer.Slice(width, width);
        var current = buffer.Slice(2 * width, width);
        for (var j = 0; j < width; j++)
            previous[j] = j;

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var best = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    best = Math.Min(best, beforePrevious[j - 2] + 1);
                current[j] = best;
            }
            var recycled = beforePrevious;
            beforePrevious = previous;
            previous = current;
            current = recycled;
        }
        return previous[b.Length];
    }

    /// <summary><see cref="Distance"/> divided by the longer length: 0 for equal words, 1 for nothing in common.</summary>
    public static double Dissimilarity(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var longer = Math.Max(a.Length, b.Length);
        return longer == 0 ? 0 : (double)Distance(a, b) / longer;
    }
}
