using Earshot.Sdk;

namespace Earshot.Engines.PaddleOcr;

/// <summary>Projective map from a width×height rectangle's corners onto four given points.</summary>
internal sealed class Homography(double[] h)
{
    public Point Map(double x, double y)
    {
        var w = h[6] * x + h[7] * y + 1;
        return new Point((h[0] * x + h[1] * y + h[2]) / w, (h[3] * x + h[4] * y + h[5]) / w);
    }

    /// <param name="corners">Targets of (0,0), (width,0), (width,height), (0,height), in that order.</param>
    public static Homography FromRectangle(double width, double height, Point[] corners)
    {
        Point[] from = [new(0, 0), new(width, 0), new(width, height), new(0, height)];
        var a = new double[8, 9];
        for (var i = 0; i < 4; i++)
        {
            var (u, v) = (from[i].X, from[i].Y);
            var (x, y) = (corners[i].X, corners[i].Y);
            double[] rowX = [u, v, 1, 0, 0, 0, -u * x, -v * x, x];
            double[] rowY = [0, 0, 0, u, v, 1, -u * y, -v * y, y];
            for (var j = 0; j < 9; j++)
            {
                a[2 * i, j] = rowX[j];
                a[2 * i + 1, j] = rowY[j];
            }
        }
        return new Homography(Solve(a));
    }

    /// <summary>Gaussian elimination with partial pivoting on an 8×9 augmented matrix.</summary>
    private static double[] Solve(double[,] a)
    {
        const int n = 8;
        for (var column = 0; column < n; column++)
        {
            var pivot = column;
            for (var row = column + 1; row < n; row++)
                if (Math.Abs(a[row, column]) > Math.Abs(a[pivot, column]))
                    pivot = row;
            if (Math.Abs(a[pivot, column]) < 1e-12)
                throw new InvalidOperationException("Degenerate quad: its corners do not span an area.");
            for (var j = 0; j <= n; j++)
                (a[column, j], a[pivot, j]) = (a[pivot, j], a[column, j]);
            for (var row = 0; row < n; row++)
            {
                if (row == column)
                    continue;
                var factor = a[row, column] / a[column, column];
                for (var j = column; j <= n; j++)
                    a[row, j] -= factor * a[column, j];
            }
        }
        var solution = new double[n];
        for (var i = 0; i < n; i++)
            solution[i] = a[i, n] / a[i, i];
        return solution;
    }
}
