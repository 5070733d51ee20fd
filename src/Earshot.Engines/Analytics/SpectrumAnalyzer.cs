namespace Earshot.Engines.Analytics;

/// <summary>Log mel-band energies of 512-sample (32 ms at 16 kHz) Hann-windowed frames, through an in-place radix-2 FFT.
/// Scratch buffers are reused, so one instance per caller.</summary>
public sealed class SpectrumAnalyzer
{
    public const int FrameSamples = 512;
    public const int Bands = 24;
    private const double LowHz = 60;
    private const double HighHz = 7600;

    private static readonly float[] Window = BuildWindow();
    private static readonly (int Start, float[] Weights)[] Filters = BuildFilters(16_000);

    private readonly float[] _re = new float[FrameSamples];
    private readonly float[] _im = new float[FrameSamples];
    private readonly float[] _power = new float[FrameSamples / 2 + 1];

    /// <summary>Writes <see cref="Bands"/> natural-log band energies of <paramref name="frame"/> (samples in [-1, 1)).</summary>
    public void LogMel(ReadOnlySpan<float> frame, Span<float> bands)
    {
        if (frame.Length != FrameSamples)
            throw new ArgumentException($"Expected {FrameSamples} samples.", nameof(frame));
        for (var i = 0; i < FrameSamples; i++)
        {
            _re[i] = frame[i] * Window[i];
            _im[i] = 0;
        }
        Fft(_re, _im);
        for (var k = 0; k < _power.Length; k++)
            _power[k] = _re[k] * _re[k] + _im[k] * _im[k];
        for (var b = 0; b < Bands; b++)
        {
            var (start, weights) = Filters[b];
            double sum = 0;
            for (var j = 0; j < weights.Length; j++)
                sum += weights[j] * _power[start + j];
            bands[b] = (float)Math.Log(sum + 1e-6);
        }
    }

    private static void Fft(float[] re, float[] im)
    {
        var n = re.Length;
        for (int i = 1, j = 0; i < n; i++)
        {
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
                j ^= bit;
            j ^= bit;
            if (i < j)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }
        for (var length = 2; length <= n; length <<= 1)
        {
            var angle = -2 * Math.PI / length;
            var (wr, wi) = ((float)Math.Cos(angle), (float)Math.Sin(angle));
            for (var i = 0; i < n; i += length)
            {
                float cr = 1, ci = 0;
                for (var k = 0; k < length / 2; k++)
                {
                    var a = i + k;
                    var b = a + length / 2;
                    var tr = re[b] * cr - im[b] * ci;
                    var ti = re[b] * ci + im[b] * cr;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                    (cr, ci) = (cr * wr - ci * wi, cr * wi + ci * wr);
                }
            }
        }
    }

    private static float[] BuildWindow()
    {
        var window = new float[FrameSamples];
        for (var i = 0; i < FrameSamples; i++)
            window[i] = (float)(0.5 - 0.5 * Math.Cos(2 * Math.PI * i / FrameSamples));
        return window;
    }

    private static double Mel(double hz) => 2595 * Math.Log10(1 + hz / 700);
    private static double Hz(double mel) => 700 * (Math.Pow(10, mel / 2595) - 1);

    /// <summary>Triangular filters evenly spaced on the mel scale.</summary>
    private static (int, float[])[] BuildFilters(int sampleRate)
    {
        var binHz = (double)sampleRate / FrameSamples;
        var (low, high) = (Mel(LowHz), Mel(HighHz));
        var edges = Enumerable.Range(0, Bands + 2).Select(i => Hz(low + (high - low) * i / (Bands + 1))).ToArray();
        var filters = new (int, float[])[Bands];
        for (var b = 0; b < Bands; b++)
        {
            var (left, centre, right) = (edges[b], edges[b + 1], edges[b + 2]);
            var first = (int)Math.Ceiling(left / binHz);
            var last = Math.Min(FrameSamples / 2, (int)Math.Floor(right / binHz));
            var weights = new float[Math.Max(1, last - first + 1)];
            for (var k = first; k <= last; k++)
            {
                var f = k * binHz;
                weights[k - first] = (float)Math.Max(0, f <= centre ? (f - left) / (centre - left) : (right - f) / (right - centre));
            }
            if (weights.All(w => w == 0))
                weights[0] = 1;
            filters[b] = (first, weights);
        }
        return filters;
    }
}
