namespace Earshot.Sdk;

public readonly record struct Point(double X, double Y);

/// <summary>Four corners of a text box, clockwise from the top left; not necessarily axis-aligned.</summary>
public sealed record Quad(Point LeftTop, Point RightTop, Point RightBottom, Point LeftBottom)
{
    public static Quad FromRectangle(double left, double top, double right, double bottom) =>
        new(new(left, top), new(right, top), new(right, bottom), new(left, bottom));
}

/// <summary>One recognised word (or text run, for engines that do not split words) on the page.</summary>
/// <param name="Line">Zero-based reading-order line index on the page.</param>
public sealed record TextBox(string Text, Quad Box, double Confidence, int Line);

/// <summary>What an image text recogniser returns: the text in reading order and its boxes.</summary>
public sealed record ImageText(string Text, IReadOnlyList<TextBox> Boxes)
{
    public static readonly ImageText Empty = new(string.Empty, []);
}
