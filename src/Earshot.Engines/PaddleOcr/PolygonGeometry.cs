using Earshot.Sdk;

namespace Earshot.Engines.PaddleOcr;

internal static class PolygonGeometry
{
    /// <summary>Andrew's monotone chain; returns the hull counter-clockwise (in y-down image axes: clockwise on screen).</summary>
    public static Point[] ConvexHull(IReadOnlyList<Point> points)
    {
        var sorted = points.Distinct().OrderBy(p => p.X).ThenBy(p => p.Y).ToArray();
        if (sorted.Length < 3)
            return sorted;
        var hull = new Point[sorted.Length * 2];
        var count = 0;
        foreach (var p in sorted)
        {
            while (count >= 2 && Cross(hull[count - 2], hull[count - 1], p) <= 0)
                count--;
            hull[count++] = p;
        }
        var lowerCount = count + 1;
        for (var i = sorted.Length - 2; i >= 0; i--)
        {
            while (count >= lowerCount && Cross(hull[count - 2], hull[count - 1], sorted[i]) <= 0)
                count--;
            hull[count++] = sorted[i];
        }
        return hull[..(count - 1)];
    }

    /// <summary>Smallest-area enclosing rectangle: one of its sides lies on a hull edge, so try each edge direction.</summary>
    public static RotatedRectangle MinimumAreaRectangle(IReadOnlyList<Point> points)
    {
        var hull = ConvexHull(points);
        if (hull.Length == 0)
            return default;
        if (hull.Length == 1)
            return new RotatedRectangle(hull[0], new Point(1, 0), 0, 0);

        var best = default(RotatedRectangle);
        var bestArea = double.MaxValue;
        for (var i = 0; i < hull.Length; i++)
        {
            var a = hull[i];
            var b = hull[(i + 1) % hull.Length];
            var length = Math.Sqrt((b.X - a.X) * (b.X - a.X) + (b.Y - a.Y) * (b.Y - a.Y));
            if (length < 1e-9)
                continue;
            var u = new Point((b.X - a.X) / length, (b.Y - a.Y) / length);
            double minU = double.MaxValue, maxU = double.MinValue, minV = double.MaxValue, maxV = double.MinValue;
            foreach (var p in hull)
            {
                var pu = p.X * u.X + p.Y * u.Y;
                var pv = -p.X * u.Y + p.Y * u.X;
                minU = Math.Min(minU, pu);
                maxU = Math.Max(maxU, pu);
                minV = Math.Min(minV, pv);
                maxV = Math.Max(maxV, pv);
            }
            var area = (maxU - minU) * (maxV - minV);
            if (area < bestArea - 1e-9)
            {
                bestArea = area;
                var cu = (minU + maxU) / 2;
                var cv = (minV + maxV) / 2;
                var center = new Point(cu * u.X - cv * u.Y, cu * u.Y + cv * u.X);
                best = new RotatedRectangle(center, u, maxU - minU, maxV - minV);
            }
        }
        return Normalize(best);
    }

    /// <summary>Point-in-convex-polygon with a tolerance, for either winding.</summary>
    public static bool Contains(ReadOnlySpan<Point> convex, Point p, double tolerance)
    {
        int positive = 0, negative = 0;
        for (var i = 0; i < convex.Length; i++)
        {
            var a = convex[i];
            var b = convex[(i + 1) % convex.Length];
            var length = Math.Sqrt((b.X - a.X) * (b.X - a.X) + (b.Y - a.Y) * (b.Y - a.Y));
            var distance = length < 1e-9 ? 0 : Cross(a, b, p) / length;
            if (distance > tolerance) positive++;
            if (distance < -tolerance) negative++;
        }
        return positive == 0 || negative == 0;
    }

    private static double Cross(Point o, Point a, Point b) => (a.X - o.X) * (b.Y - o.Y) - (a.Y - o.Y) * (b.X - o.X);

    /// <summary>Makes the first side the more horizontal one, pointing right, so equal rectangles come out alike.</summary>
    private static RotatedRectangle Normalize(RotatedRectangle rect)
    {
        var (direction, width, height) = (rect.Direction, rect.Width, rect.Height);
        if (Math.Abs(direction.X) < Math.Abs(direction.Y))
            (direction, width, height) = (new Point(direction.Y, -direction.X), height, width);
        if (direction.X < 0)
            direction = new Point(-direction.X, -direction.Y);
        return new RotatedRectangle(rect.Center, direction, width, height);
    }
}
