namespace Earshot.Audio;

/// <summary>Level measurements on 16-bit PCM, and the seed's dBFS ↔ fraction conversions.</summary>
/// <remarks>Levels are fractions of full scale (32768 = 1.0) unless the name says dBFS.</remarks>
public static class Loudness
{
    /// <summary>Fraction of full scale (0..1] for a level in dBFS (≤ 0).</summary>
    public static double DbfsToFraction(double dbfs) => Math.Pow(10, dbfs / 20);

    /// <summary>Level in dBFS for a fraction of full scale; −∞ for silence.</summary>
    public static double FractionToDbfs(double fraction) =>
        fraction <= 0 ? double.NegativeInfinity : 20 * Math.Log10(fraction);

    /// <summary>Root-mean-square level as a fraction of full scale.</summary>
    public static double Rms(ReadOnlySpan<short> samples) =>
        samples.IsEmpty ? 0 : Math.Sqrt(SumOfSquares(samples) / samples.Length) / 32768.0;

    /// <summary>Largest absolute sample as a fraction of full scale.</summary>
    public static double Peak(ReadOnlySpan<short> samples)
    {
        var peak = 0;
        foreach (var s in samples)
            peak = Math.Max(peak, Math.Abs((int)s));
        return peak / 32768.0;
    }

    /// <summary>Root-mean-square level in dBFS; −∞ for silence.</summary>
    public static double RmsDbfs(ReadOnlySpan<short> samples) => FractionToDbfs(Rms(samples));

    /// <summary>Largest absolute sample in dBFS; −∞ for silence.</summary>
    public static double PeakDbfs(ReadOnlySpan<short> samples) => FractionToDbfs(Peak(samples));

    /// <summary>Mean sample value as a signed fraction of full scale (0 for a signal centred on zero).</summary>
    public static double DcOffset(ReadOnlySpan<short> samples)
    {
        if (samples.IsEmpty)
            return 0;
        long sum = 0;
        foreach (var s in samples)
            sum += s;
        return (double)sum / samples.Length / 32768.0;
    }

    /// <summary>Share of samples at the 16-bit rails (|s| ≥ 32767), the usual sign of clipping.</summary>
    public static double ClippedFraction(ReadOnlySpan<short> samples)
    {
        if (samples.IsEmpty)
            return 0;
        var clipped = 0;
        foreach (var s in samples)
        {
            if (s >= short.MaxValue || s <= -short.MaxValue)
                clipped++;
        }
        return (double)clipped / samples.Length;
    }

    /// <summary>
    /// RMS of consecutive windows starting every <paramref name="hopSamples"/> samples. Windows run while their start lies
    /// inside the signal; the last may be shorter than <paramref name="windowSamples"/> and is measured over what it holds.
    /// </summary>
    public static double[] ShortTermRms(ReadOnlySpan<short> samples, int windowSamples, int hopSamples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSamples, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hopSamples, 1);
        if (samples.IsEmpty)
            return [];
        var count = samples.Length <= windowSamples ? 1 : 1 + (samples.Length - windowSamples + hopSamples - 1) / hopSamples;
        var result = new double[count];
        for (var i = 0; i < count; i++)
        {
            var start = i * hopSamples;
            result[i] = Rms(samples.Slice(start, Math.Min(windowSamples, samples.Length - start)));
        }
        return result;
    }

    /// <summary>
    /// Programme loudness in dBFS, an approximation of ITU-R BS.1770: mean power over 400 ms blocks (75 % overlap) that pass
    /// an absolute gate of −70 dBFS and a relative gate 10 dB below the mean of those, so pauses do not drag it down.
    /// Unlike BS.1770 there is no K-weighting filter, so the figure is gated RMS in dBFS, not LUFS. −∞ when nothing passes.
    /// Audio shorter than one block is measured as plain RMS.
    /// </summary>
    public static double IntegratedLoudnessDbfs(ReadOnlySpan<short> samples, int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        var block = (int)(0.4 * sampleRate);
        if (samples.Length < block)
            return RmsDbfs(samples);

        var hop = block / 4;
        var fullBlocks = 1 + (samples.Length - block) / hop;
        var powers = ShortTermRms(samples[..(block + (fullBlocks - 1) * hop)], block, hop).Select(Square).ToArray();
        var absoluteGate = Square(DbfsToFraction(-70));
        var loudEnough = powers.Where(p => p > absoluteGate).ToArray();
        if (loudEnough.Length == 0)
            return double.NegativeInfinity;
        var relativeGate = loudEnough.Average() * Square(DbfsToFraction(-10));
        var gated = loudEnough.Where(p => p > relativeGate).DefaultIfEmpty(0).Average();
        return FractionToDbfs(Math.Sqrt(gated));
    }

    private static double Square(double x) => x * x;

    private static double SumOfSquares(ReadOnlySpan<short> samples)
    {
        // long is exact here: 32768² × 2³¹ samples still fits.
        long sum = 0;
        foreach (var s in samples)
            sum += s * s;
        return sum;
    }
}
