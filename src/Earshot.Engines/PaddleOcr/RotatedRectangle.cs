using Earshot.Sdk;

namespace Earshot.Engines.PaddleOcr;

/// <summary>A rectangle at any angle: centre, unit direction of its first side, and side lengths.</summary>
internal readonly record struct RotatedRectangle(Point Center, Point Direction, double Width, double Height)
{
    public double ShortSide => Math.Min(Width, Height);
    public double Area => Width * Height;
    public double Perimeter => 2 * (Width + Height);

    /// <summary>Grows every side outwards by <paramref name="distance"/> (the rectangle case of a polygon offset).</summary>
    public RotatedRectangle Expand(double distance) => this with { Width = Width + 2 * distance, Height = Height + 2 * distance };

    public Point[] Corners()
    {
        var u = new Point(Direction.X * Width / 2, Direction.Y * Width / 2);
        var v = new Point(-Direction.Y * Height / 2, Direction.X * Height / 2);
        return
        [
            new(Center.X - u.X - v.X, Center.Y - u.Y - v.Y),
            new(Center.X + u.X - v.X, Center.Y + u.Y - v.Y),
            new(Center.X + u.X + v.X, Center.Y + u.Y + v.Y),
            new(Center.X - u.X + v.X, Center.Y - u.Y + v.Y),
        ];
    }

    /// <summary>Corners scaled and clamped into an image, as a quad: the two leftmost points form the left side,
    /// the higher of each pair is the top.</summary>
    public Quad ToQuad(double scaleX, double scaleY, double maxX, double maxY)
    {
        var byX = Corners().Select(p => new Point(Math.Clamp(p.X * scaleX, 0, maxX), Math.Clamp(p.Y * scaleY, 0, maxY)))
            .OrderBy(p => p.X).ToArray();
        var (leftTop, leftBottom) = byX[0].Y <= byX[1].Y ? (byX[0], byX[1]) : (byX[1], byX[0]);
        var (rightTop, rightBottom) = byX[2].Y <= byX[3].Y ? (byX[2], byX[3]) : (byX[3], byX[2]);
        return new Quad(leftTop, rightTop, rightBottom, leftBottom);
    }
}
