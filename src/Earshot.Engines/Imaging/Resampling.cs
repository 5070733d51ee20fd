namespace Earshot.Engines.Imaging;

/// <summary>One-axis resampling weights: box (area) filter when shrinking, linear interpolation when enlarging.</summary>
internal static class Resampling
{
    public static (int Index, float Weight)[][] Contributions(int sourceLength, int targetLength)
    {
        var scale = (double)sourceLength / targetLength;
        var result = new (int, float)[targetLength][];
        for (var t = 0; t < targetLength; t++)
            result[t] = scale > 1 ? Area(t * scale, (t + 1) * scale, sourceLength) : Linear((t + 0.5) * scale - 0.5, sourceLength);
        return result;
    }

    private static (int, float)[] Area(double start, double end, int sourceLength)
    {
        var first = (int)start;
        var last = Math.Min((int)Math.Ceiling(end), sourceLength) - 1;
        var weights = new (int, float)[last - first + 1];
        for (var i = first; i <= last; i++)
            weights[i - first] = (i, (float)((Math.Min(i + 1, end) - Math.Max(i, start)) / (end - start)));
        return weights;
    }

    private static (int, float)[] Linear(double position, int sourceLength)
    {
        position = Math.Clamp(position, 0, sourceLength - 1);
        var low = (int)position;
        var high = Math.Min(low + 1, sourceLength - 1);
        var fraction = (float)(position - low);
        return low == high ? [(low, 1f)] : [(low, 1 - fraction), (high, fraction)];
    }
}
