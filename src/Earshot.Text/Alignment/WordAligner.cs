namespace Earshot.Text;

/// <summary>
/// Word-level edit script between a reference and a hypothesis (Levenshtein with backtrace), aware of spelling
/// variants and of spoken readings of numbers.
/// </summary>
/// <remarks>
/// The script minimises the number of errors (substitutions + deletions + insertions, each 1), exactly as word error
/// rate counts them. Among scripts with the fewest errors it prefers pairing similar words and keeping identical words
/// matched. A reference token may match several hypothesis tokens (or the reverse) when they spell one of its
/// <see cref="SpokenForms.Readings"/> exactly ("1455" ↔ "fourteen fifty five"); a partly right reading is scored word by
/// word like any other text. Time O(n·m); memory about 2 bytes per cell, within
/// <see cref="WordAlignerOptions.MaxCells"/> (beyond it the search runs in a diagonal band). The aligner is stateless
/// and thread-safe.
/// </remarks>
public static class WordAligner
{
    private const long Edit = 1L << 32;
    private const long InsertOrDeleteCost = Edit + 50;
    private const long Unreachable = long.MaxValue / 4;

    private const int Diagonal = 1;
    private const int Deleted = 2;
    private const int Inserted = 3;
    private const int RefReading = 4;
    private const int HypReading = 5;

    /// <summary>Tokenises both texts with <see cref="TextNormalizer"/> and aligns them.</summary>
    public static WordAlignment Align(string? reference, string? hypothesis, WordAlignerOptions? options = null) =>
        Align(TextNormalizer.Tokenize(reference), TextNormalizer.Tokenize(hypothesis), options);

    /// <summary>Aligns two token lists, comparing <see cref="Token.Normal"/> forms.</summary>
    public static WordAlignment Align(IReadOnlyList<Token> reference, IReadOnlyList<Token> hypothesis, WordAlignerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(hypothesis);
        options ??= WordAlignerOptions.Default;
        var vocabulary = new AlignmentVocabulary(reference, hypothesis, options);
        var ops = Solve(vocabulary, reference.Count, hypothesis.Count, options.MaxCells);
        AlignmentAnnotator.Annotate(ops, vocabulary);
        return new WordAlignment(reference, hypothesis, ops);
    }

    private static List<AlignmentOp> Solve(AlignmentVocabulary words, int n, int m, long maxCells)
    {
        var band = Band.Create(n, m, maxCells);
        var ringSize = Math.Max(2, words.MaxHypReadingLength + 1);
        var costs = new long[ringSize][];
        for (var k = 0; k < ringSize; k++)
            costs[k] = new long[band.MaxWidth];
        var back = new ushort[n + 1][];

        var hypSlot = words.HypSlot;
        var hypMulti = words.HypMulti;
        for (var i = 0; i <= n; i++)
        {
            var low = band.Low[i];
            var high = band.High[i];
            var row = costs[i % ringSize];
            var trace = back[i] = new ushort[high - low + 1];
            if (i == 0)
            {
                for (var j = 0; j <= high; j++)
                {
                    row[j] = j * InsertOrDeleteCost;
                    trace[j] = j == 0 ? (ushort)0 : (ushort)Inserted;
                }
                continue;
            }

            var above = costs[(i - 1) % ringSize];
            var aboveLow = band.Low[i - 1];
            var aboveHigh = band.High[i - 1];
            var pairs = words.PairRow(i - 1);
            var refReadings = words.RefMulti[i - 1];
            for (var j = low; j <= high; j++)
            {
                var best = Unreachable;
                var step = 0;
                if (j > aboveLow && j - 1 <= aboveHigh)
                {
                    var pair = pairs.IsEmpty ? AlignmentVocabulary.NotClassified : pairs[hypSlot[j - 1]];
                    if (pair == AlignmentVocabulary.NotClassified)
                        pair = words.Classify(i - 1, j - 1);
                    best = above[j - 1 - aboveLow] + PairCosts[pair];
                    step = Diagonal;
                }
                if (j >= aboveLow && j <= aboveHigh)
                {
                    var deleted = above[j - aboveLow] + InsertOrDeleteCost;
                    if (deleted < best)
                    {
                        best = deleted;
                        step = Deleted;
                    }
                }
                if (j > low)
                {
                    var inserted = row[j - 1 - low] + InsertOrDeleteCost;
                    if (inserted < best)
                    {
                        best = inserted;
                        step = Inserted;
                    }
                }
                if (refReadings is not null || (j > 0 && hypMulti[j - 1] is not null))
                    (best, step) = ConsiderReadings(words, band, costs, i, j, best, step);
                row[j - low] = best;
                trace[j - low] = (ushort)step;
            }
        }

        return Trace(words, back, band, n, m);
    }

    /// <summary>Matches through multi-word spoken readings ending at cell (i, j); rare, so kept off the hot path.</summary>
    private static (long Best, int Step) ConsiderReadings(AlignmentVocabulary words, Band band, long[][] costs, int i, int j, long best, int step)
    {
        long Cost(int row, int column) => column < band.Low[row] || column > band.High[row]
            ? Unreachable
            : costs[row % costs.Length][column - band.Low[row]];

        if (words.RefMulti[i - 1] is { } refReadings)
        {
            foreach (var reading in refReadings)
            {
                if (j < reading.Length || !words.HypIds.AsSpan(j - reading.Length, reading.Length).SequenceEqual(reading))
                    continue;
                var from = Cost(i - 1, j - reading.Length);
                if (from < Unreachable && from < best)
                    (best, step) = (from, RefReading | reading.Length << 3);
            }
        }
        if (j > 0 && words.HypMulti[j - 1] is { } hypReadings)
        {
            foreach (var reading in hypReadings)
            {
                if (i < reading.Length || !words.RefIds.AsSpan(i - reading.Length, reading.Length).SequenceEqual(reading))
                    continue;
                var from = Cost(i - reading.Length, j - 1);
                if (from < Unreachable && from < best)
                    (best, step) = (from, HypReading | reading.Length << 3);
            }
        }
        return (best, step);
    }

    /// <summary>Cost of aligning a reference word with a hypothesis word, by pair class.</summary>
    private static readonly long[] PairCosts = Enumerable.Range(0, 256)
        .Select(code => (AlignmentVocabulary.IsMatchClass((byte)code) ? 0 : Edit) + AlignmentVocabulary.SecondaryCost((byte)code))
        .ToArray();


    private static List<AlignmentOp> Trace(AlignmentVocabulary words, ushort[][] back, Band band, int n, int m)
    {
        var ops = new List<AlignmentOp>(n + m);
        int i = n, j = m;
        while (i > 0 || j > 0)
        {
            var step = back[i][j - band.Low[i]];
            var length = step >> 3;
            switch (step & 7)
            {
                case Diagonal:
                    var pair = words.Classify(i - 1, j - 1);
                    var kind = AlignmentVocabulary.IsMatchClass(pair) ? EditKind.Match : EditKind.Substitute;
                    ops.Add(new AlignmentOp(kind, i - 1, 1, j - 1, 1, AlignmentVocabulary.NoteOf(pair)));
                    i--;
                    j--;
                    break;
                case Deleted:
                    ops.Add(new AlignmentOp(EditKind.Delete, i - 1, 1, j, 0));
                    i--;
                    break;
                case Inserted:
                    ops.Add(new AlignmentOp(EditKind.Insert, i, 0, j - 1, 1));
                    j--;
                    break;
                case RefReading:
                    ops.Add(new AlignmentOp(EditKind.Match, i - 1, 1, j - length, length, AlignmentNote.Equivalent));
                    i--;
                    j -= length;
                    break;
                case HypReading:
                    ops.Add(new AlignmentOp(EditKind.Match, i - length, length, j - 1, 1, AlignmentNote.Equivalent));
                    i -= length;
                    j--;
                    break;
                default:
                    throw new InvalidOperationException($"Alignment band lost the path at ({i}, {j}).");
            }
        }
        ops.Reverse();
        return ops;
    }

    /// <summary>Columns searched in each row: everything when it fits, else a diagonal band.</summary>
    private sealed class Band
    {
        public required int[] Low { get; init; }
        public required int[] High { get; init; }
        public required int MaxWidth { get; init; }

        public static Band Create(int n, int m, long maxCells)
        {
            var low = new int[n + 1];
            var high = new int[n + 1];
            if ((long)(n + 1) * (m + 1) <= maxCells || n == 0)
            {
                Array.Fill(high, m);
                return new Band { Low = low, High = high, MaxWidth = m + 1 };
            }

            var halfWidth = (int)Math.Min(m, Math.Max((maxCells / (n + 1) - 1) / 2, (m + n - 1) / n + 1));
            for (var i = 0; i <= n; i++)
            {
                var centre = (int)((long)i * m / n);
                low[i] = Math.Max(0, centre - halfWidth);
                high[i] = Math.Min(m, centre + halfWidth);
            }
            low[0] = 0;
            high[n] = m;
            return new Band { Low = low, High = high, MaxWidth = 2 * halfWidth + 1 + 1 };
        }
    }
}
