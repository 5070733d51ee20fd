namespace Earshot.Bench;

internal static class Stats
{
    public static double Median(IReadOnlyList<double> values) => Percentile(values, 0.5);

    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(p * sorted.Length))];
    }
}
