namespace Earshot.Audio.Features;

/// <summary>
/// Integer-factor decimation with a Hann-windowed sinc low-pass at the new Nyquist frequency (Kaldi resamples with a
/// windowed sinc too when a model's MFCC options allow downsampling). 16 kHz to 8 kHz keeps 0–3.8 kHz flat, which
/// covers the speaker model's 20–3700 Hz mel bank.
/// </summary>
public static class Downsampler
{
    private const int ZeroCrossings = 16;

    public static float[] Decimate(ReadOnlySpan<float> samples, int factor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        if (factor == 1)
            return samples.ToArray();
        var taps = Taps(factor);
        var half = taps.Length / 2;
        var result = new float[samples.Length / factor];
        for (var n = 0; n < result.Length; n++)
        {
            var center = n * factor;
            var sum = 0.0;
            var from = Math.Max(0, half - center);
            var to = Math.Min(taps.Length, samples.Length - center + half);
            for (var j = from; j < to; j++)
                sum += taps[j] * samples[center + j - half];
            result[n] = (float)sum;
        }
        return result;
    }

    private static double[] Taps(int factor)
    {
        var half = ZeroCrossings * factor;
        var taps = new double[2 * half + 1];
        var cutoff = 1.0 / factor;
        for (var i = -half; i <= half; i++)
        {
            var x = Math.PI * cutoff * i;
            var sinc = i == 0 ? 1 : Math.Sin(x) / x;
            var window = 0.5 + 0.5 * Math.Cos(Math.PI * i / (half + 1));
            taps[i + half] = cutoff * sinc * window;
        }
        var gain = taps.Sum();
        for (var i = 0; i < taps.Length; i++)
            taps[i] /= gain;
        return taps;
    }
}
