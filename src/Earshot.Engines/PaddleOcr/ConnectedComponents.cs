using Earshot.Sdk;

namespace Earshot.Engines.PaddleOcr;

/// <summary>8-connected regions of a binary mask, each reduced to the leftmost and rightmost pixel of every row
/// (enough to rebuild its convex hull).</summary>
internal static class ConnectedComponents
{
    public static List<Point[]> RowExtremes(bool[] mask, int width, int height, int maxComponents)
    {
        var components = new List<Point[]>();
        var visited = new bool[mask.Length];
        var rowMin = new int[height];
        var rowMax = new int[height];
        Array.Fill(rowMin, int.MaxValue);
        Array.Fill(rowMax, -1);
        var stack = new Stack<int>();
        var touchedRows = new List<int>();

        for (var seed = 0; seed < mask.Length && components.Count < maxComponents; seed++)
        {
            if (!mask[seed] || visited[seed])
                continue;
            visited[seed] = true;
            stack.Push(seed);
            while (stack.Count > 0)
            {
                var index = stack.Pop();
                int x = index % width, y = index / width;
                if (rowMax[y] < 0)
                    touchedRows.Add(y);
                rowMin[y] = Math.Min(rowMin[y], x);
                rowMax[y] = Math.Max(rowMax[y], x);
                for (var dy = -1; dy <= 1; dy++)
                {
                    var ny = y + dy;
                    if (ny < 0 || ny >= height)
                        continue;
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        var nx = x + dx;
                        if (nx < 0 || nx >= width)
                            continue;
                        var neighbour = ny * width + nx;
                        if (mask[neighbour] && !visited[neighbour])
                        {
                            visited[neighbour] = true;
                            stack.Push(neighbour);
                        }
                    }
                }
            }

            var points = new Point[touchedRows.Count * 2];
            for (var i = 0; i < touchedRows.Count; i++)
            {
                var row = touchedRows[i];
                points[2 * i] = new Point(rowMin[row], row);
                points[2 * i + 1] = new Point(rowMax[row], row);
                rowMin[row] = int.MaxValue;
                rowMax[row] = -1;
            }
            touchedRows.Clear();
            components.Add(points);
        }
        return components;
    }
}
