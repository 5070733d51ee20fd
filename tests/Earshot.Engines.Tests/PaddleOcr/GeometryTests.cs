using Earshot.Engines.PaddleOcr;
using Earshot.Sdk;

namespace Earshot.Engines.Tests.PaddleOcr;

public sealed class GeometryTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    [InlineData(-30)]
    [InlineData(60)]
    public void MinimumAreaRectangleRecoversARotatedRectangleFromPointsInside(double degrees)
    {
        var angle = degrees * Math.PI / 180;
        var (u, v) = (new Point(Math.Cos(angle), Math.Sin(angle)), new Point(-Math.Sin(angle), Math.Cos(angle)));
        var random = new Random(7);
        var points = new List<Point>();
        // The four corners of a 200 × 40 rectangle centred on (300, 150), plus points inside it.
        foreach (var (a, b) in new[] { (-100.0, -20.0), (100, -20), (100, 20), (-100, 20) }
                     .Concat(Enumerable.Range(0, 200).Select(_ => (random.NextDouble() * 200 - 100, random.NextDouble() * 40 - 20))))
            points.Add(new Point(300 + a * u.X + b * v.X, 150 + a * u.Y + b * v.Y));

        var rectangle = PolygonGeometry.MinimumAreaRectangle(points);

        Assert.Equal(200, Math.Max(rectangle.Width, rectangle.Height), 6);
        Assert.Equal(40, rectangle.ShortSide, 6);
        Assert.Equal(300, rectangle.Center.X, 6);
        Assert.Equal(150, rectangle.Center.Y, 6);
    }

    [Fact]
    public void ConvexHullDropsInteriorAndCollinearPoints()
    {
        Point[] points = [new(0, 0), new(2, 0), new(4, 0), new(4, 4), new(0, 4), new(2, 2), new(1, 3)];

        var hull = PolygonGeometry.ConvexHull(points);

        Point[] corners = [new(0, 0), new(0, 4), new(4, 0), new(4, 4)];
        Assert.Equal(corners, hull.OrderBy(p => p.X).ThenBy(p => p.Y));
    }

    [Fact]
    public void ExpandingGrowsEverySideAndQuadCornersAreClockwiseFromTopLeft()
    {
        var rectangle = PolygonGeometry.MinimumAreaRectangle([new(10, 10), new(110, 10), new(110, 30), new(10, 30)]).Expand(5);

        var quad = rectangle.ToQuad(2, 2, 1000, 1000);

        Assert.Equal(new Point(10, 10), quad.LeftTop);
        Assert.Equal(new Point(230, 10), quad.RightTop);
        Assert.Equal(new Point(230, 70), quad.RightBottom);
        Assert.Equal(new Point(10, 70), quad.LeftBottom);
    }

    [Fact]
    public void ConnectedComponentsSeparateBlobsAndJoinDiagonalNeighbours()
    {
        const int width = 6, height = 4;
        var mask = new bool[width * height];
        foreach (var (x, y) in new[] { (0, 0), (1, 1), (2, 2), (5, 0), (5, 1) })
            mask[y * width + x] = true;

        var components = ConnectedComponents.RowExtremes(mask, width, height, maxComponents: 10);

        Assert.Equal(2, components.Count);
        Assert.Equal(3, components.Single(c => c.Any(p => p.X == 0)).Select(p => p.Y).Distinct().Count());
    }
}
