using Earshot.Sdk;

namespace Earshot.Engines.PaddleOcr;

/// <summary>Puts recognised text runs in reading order with a recursive XY cut: a region is split at its widest empty
/// stretch, either a vertical gutter (columns, read left to right) or a horizontal gap (blocks, read top to bottom);
/// what cannot be split is grouped into lines by vertical overlap, each read left to right. Where no clean cut exists,
/// a few runs sitting in a gutter (a caption between columns) do not hide it; they are read after both columns.</summary>
internal static class ReadingOrder
{
    /// <summary>Two runs share a line when their vertical extents overlap by at least this share of the shorter one.</summary>
    private const double SameLineOverlap = 0.5;

    /// <summary>Detector boxes are grown past the ink; this share of a box's height is taken off each side
    /// before looking for gutters, or tight justified columns would touch.</summary>
    private const double HorizontalMargin = 0.25;

    /// <summary>A gutter must be at least this many median run heights wide (word-sized gaps are not columns).</summary>
    private const double MinGutter = 0.3;

    /// <summary>Where no clean cut exists, a gutter may be crossed by runs whose heights add up to at most this share
    /// of the region's height.</summary>
    private const double MaxObstacleShare = 0.15;

    private sealed record Run(Quad Box, string Text, double Confidence)
    {
        public double Top { get; } = Math.Min(Math.Min(Box.LeftTop.Y, Box.RightTop.Y), Math.Min(Box.LeftBottom.Y, Box.RightBottom.Y));
        public double Bottom { get; } = Math.Max(Math.Max(Box.LeftTop.Y, Box.RightTop.Y), Math.Max(Box.LeftBottom.Y, Box.RightBottom.Y));
        public double Left => Math.Min(Box.LeftTop.X, Box.LeftBottom.X);
        public double Right => Math.Max(Box.RightTop.X, Box.RightBottom.X);
        public double InkLeft => Math.Min(Left + HorizontalMargin * (Bottom - Top), (Left + Right) / 2);
        public double InkRight => Math.Max(Right - HorizontalMargin * (Bottom - Top), (Left + Right) / 2);
        public double InkWidth => InkRight - InkLeft;
    }

    private sealed record Split(double Gap, List<Run>[] Parts);

    public static ImageText Arrange(IEnumerable<(Quad Box, string Text, double Confidence)> runs)
    {
        var lines = new List<List<Run>>();
        Cut(runs.Select(r => new Run(r.Box, r.Text, r.Confidence)).ToList(), lines);
        if (lines.Count == 0)
            return ImageText.Empty;

        var boxes = lines.SelectMany((line, index) => line.Select(r => new TextBox(r.Text, r.Box, r.Confidence, index))).ToList();
        return new ImageText(string.Join('\n', lines.Select(line => string.Join(' ', line.Select(r => r.Text)))), boxes);
    }

    private static void Cut(List<Run> runs, List<List<Run>> lines)
    {
        if (runs.Count == 0)
            return;
        // One line already (every run overlaps every other enough): nothing to cut.
        var shortest = runs.Min(r => r.Bottom - r.Top);
        if (runs.Min(r => r.Bottom) - runs.Max(r => r.Top) >= SameLineOverlap * shortest)
        {
            lines.Add(runs.OrderBy(r => r.Left).ToList());
            return;
        }

        var minGutter = MinGutter * Median(runs.Select(r => r.Bottom - r.Top));
        Split?[] candidates = [PlausibleColumns(Columns(runs), minGutter), Rows(runs), PlausibleColumns(ColumnsAroundObstacles(runs), minGutter)];
        var best = candidates.OfType<Split>().MaxBy(split => split.Gap);
        if (best is null)
        {
            lines.AddRange(GroupLines(runs));
            return;
        }
        foreach (var part in best.Parts)
            Cut(part, lines);
    }

    /// <summary>Columns of text are wider than the gutter between them; a wider gap is more likely the space
    /// between the cells of a table row or a label and its value, which read across.</summary>
    private static Split? PlausibleColumns(Split? split, double minGutter) =>
        split is not null && split.Gap >= minGutter
        && split.Gap <= Median(split.Parts[0].Select(r => r.InkWidth)) && split.Gap <= Median(split.Parts[1].Select(r => r.InkWidth)) ? split : null;

    private static Split? Columns(List<Run> runs) => WidestGap(runs, r => r.InkLeft, r => r.InkRight);

    private static Split? Rows(List<Run> runs) => WidestGap(runs, r => r.Top, r => r.Bottom);

    /// <summary>The widest vertical stretch crossed only by runs whose heights add up to a small share of the region
    /// (a caption set between columns); the crossing runs become a third part.</summary>
    private static Split? ColumnsAroundObstacles(List<Run> runs)
    {
        var top = runs.Min(r => r.Top);
        var allowance = MaxObstacleShare * (runs.Max(r => r.Bottom) - top);
        var events = runs.SelectMany(r => new[] { (X: r.InkLeft, Height: r.Bottom - r.Top), (X: r.InkRight, Height: -(r.Bottom - r.Top)) })
            .OrderBy(e => e.X).ToList();
        var (bestStart, bestEnd) = (0.0, 0.0);
        double coverage = 0, openStart = double.NaN;
        for (var i = 0; i < events.Count - 1; i++)
        {
            coverage += events[i].Height;
            var (from, to) = (events[i].X, events[i + 1].X);
            if (to <= from)
                continue;
            if (coverage > allowance + 1e-6)
            {
                openStart = double.NaN;
                continue;
            }
            if (double.IsNaN(openStart))
                openStart = from;
            if (to - openStart > bestEnd - bestStart && runs.Any(r => r.InkRight <= openStart) && runs.Any(r => r.InkLeft >= to))
                (bestStart, bestEnd) = (openStart, to);
        }
        if (bestEnd <= bestStart)
            return null;
        // A run reaching into the gutter belongs to the side its centre is on; only runs centred in it are obstacles.
        static double Centre(Run r) => (r.InkLeft + r.InkRight) / 2;
        var left = runs.Where(r => Centre(r) < bestStart).ToList();
        var right = runs.Where(r => Centre(r) > bestEnd).ToList();
        var obstacles = runs.Where(r => Centre(r) >= bestStart && Centre(r) <= bestEnd).ToList();
        // Only something set between the columns counts; a heading above or below them is found by a horizontal cut.
        var columns = left.Concat(right).ToList();
        if (left.Count == 0 || right.Count == 0
            || !obstacles.All(o => columns.Any(r => r.Bottom <= o.Top) && columns.Any(r => r.Top >= o.Bottom)))
            return null;
        return new Split(bestEnd - bestStart, [left, right, obstacles]);
    }

    /// <summary>Sweeps the runs along one axis and splits where no run covers the widest empty stretch.</summary>
    private static Split? WidestGap(List<Run> runs, Func<Run, double> start, Func<Run, double> end)
    {
        var sorted = runs.OrderBy(start).ToList();
        var reach = end(sorted[0]);
        var (bestGap, bestIndex) = (0.0, -1);
        for (var i = 1; i < sorted.Count; i++)
        {
            var gap = start(sorted[i]) - reach;
            if (gap > bestGap)
                (bestGap, bestIndex) = (gap, i);
            reach = Math.Max(reach, end(sorted[i]));
        }
        return bestIndex < 0 ? null : new Split(bestGap, [sorted[..bestIndex], sorted[bestIndex..]]);
    }

    private static List<List<Run>> GroupLines(List<Run> runs)
    {
        var lines = new List<(double Top, double Bottom, List<Run> Runs)>();
        foreach (var run in runs.OrderBy(r => (r.Top + r.Bottom) / 2))
        {
            var index = lines.FindLastIndex(line =>
                Math.Min(run.Bottom, line.Bottom) - Math.Max(run.Top, line.Top) >= SameLineOverlap * Math.Min(run.Bottom - run.Top, line.Bottom - line.Top));
            if (index < 0)
                lines.Add((run.Top, run.Bottom, [run]));
            else
                lines[index] = (Math.Min(run.Top, lines[index].Top), Math.Max(run.Bottom, lines[index].Bottom), [.. lines[index].Runs, run]);
        }
        return lines.Select(line => line.Runs.OrderBy(r => r.Left).ToList()).ToList();
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
