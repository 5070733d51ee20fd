using Earshot.Sdk;
using Earshot.Text;

namespace Earshot.Server.Jobs.Pipelines;

/// <summary>Finds each word of an OCR text on the page: the box whose text holds it, narrowed to the word's share of a line box.</summary>
public static class PageWordBoxes
{
    public static IReadOnlyList<BoxCoordinates?> Locate(ImageText page, IReadOnlyList<Token> words)
    {
        // where each box's text sits in the page text (boxes are in reading order)
        var spans = new List<(int Start, int End, TextBox Box)>();
        var cursor = 0;
        foreach (var box in page.Boxes)
        {
            var at = box.Text.Length == 0 ? -1 : page.Text.IndexOf(box.Text, cursor, StringComparison.Ordinal);
            if (at < 0)
                continue;
            spans.Add((at, at + box.Text.Length, box));
            cursor = at + box.Text.Length;
        }

        return words.Select(word =>
        {
            var hit = spans.FirstOrDefault(s => word.Start >= s.Start && word.Start < s.End);
            if (hit.Box is null)
                return null;
            var length = Math.Max(1, hit.End - hit.Start);
            var from = (double)(word.Start - hit.Start) / length;
            var to = Math.Min(1, (double)(word.End - hit.Start) / length);
            return Narrow(hit.Box.Box, from, to);
        }).ToList();
    }

    /// <summary>The part of a quad between fractions <paramref name="from"/> and <paramref name="to"/> of its width.</summary>
    private static BoxCoordinates Narrow(Quad quad, double from, double to)
    {
        static CompatPoint Lerp(Point a, Point b, double t) => new(Math.Round(a.X + (b.X - a.X) * t, 1), Math.Round(a.Y + (b.Y - a.Y) * t, 1));
        return new BoxCoordinates(
            Lerp(quad.LeftTop, quad.RightTop, from), Lerp(quad.LeftTop, quad.RightTop, to),
            Lerp(quad.LeftBottom, quad.RightBottom, from), Lerp(quad.LeftBottom, quad.RightBottom, to));
    }
}
