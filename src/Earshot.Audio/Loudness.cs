namespace Earshot.Audio;

/// <summary>Level measurements on 16-bit PCM, and the seed's dBFS ↔ fraction conversions.</summary>
public static class Loudness
{
    /// <summary>Fraction of full scale (0..1] for a level in dBFS (≤ 0).</summary>
    public static double DbfsToFraction(double dbfs) => Math.Pow(10, dbfs / 20);

    /// <summary>Level in dBFS for a fraction of full scale; −∞ for silence.</summary>
    public static double FractionToDbfs(double fraction) =>
        fraction <= 0 ? double.NegativeInfinity : 20 * Math.Log10(fraction);

    /// <summary>Root-mean-square level as a fraction of full scale.</summary>
    public static double Rms(ReadOnlySpan<short> samples)
    {
        if (samples.IsEmpty)
            return 0;
        double sum = 0;
        foreach (var s in samples)
            sum += (double)s * s;
        return Math.Sqrt(sum / samples.Length) / 32768.0;
    }

    /// <summary>Largest absolute sample as a fraction of full scale.</summary>
    public static double Peak(ReadOnlySpan<short> samples)
    {
        var peak = 0;
        foreach (var s in samples)
            peak = Math.Max(peak, Math.Abs((int)s));
        return peak / 32768.0;
    }
}
