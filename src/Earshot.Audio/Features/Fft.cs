namespace Earshot.Audio.Features;

/// <summary>In-place radix-2 complex FFT for the power spectra of short frames (sizes are powers of two).</summary>
internal sealed class Fft
{
    private readonly int _size;
    private readonly double[] _cos;
    private readonly double[] _sin;
    private readonly int[] _reverse;

    public Fft(int size)
    {
        if (size < 2 || (size & (size - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(size), size, "FFT size must be a power of two.");
        _size = size;
        _cos = new double[size / 2];
        _sin = new double[size / 2];
        for (var i = 0; i < size / 2; i++)
        {
            _cos[i] = Math.Cos(-2 * Math.PI * i / size);
            _sin[i] = Math.Sin(-2 * Math.PI * i / size);
        }
        _reverse = new int[size];
        var bits = System.Numerics.BitOperations.Log2((uint)size);
        for (var i = 0; i < size; i++)
            _reverse[i] = (int)(ReverseBits((uint)i) >> (32 - bits));
    }

    private static uint ReverseBits(uint v)
    {
        v = ((v >> 1) & 0x55555555) | ((v & 0x55555555) << 1);
        v = ((v >> 2) & 0x33333333) | ((v & 0x33333333) << 2);
        v = ((v >> 4) & 0x0F0F0F0F) | ((v & 0x0F0F0F0F) << 4);
        v = ((v >> 8) & 0x00FF00FF) | ((v & 0x00FF00FF) << 8);
        return (v >> 16) | (v << 16);
    }

    /// <summary>Writes |X[k]|² for k = 0..size/2 of the real signal <paramref name="signal"/> (length = size).</summary>
    public void PowerSpectrum(ReadOnlySpan<double> signal, Span<double> re, Span<double> im, Span<double> power)
    {
        for (var i = 0; i < _size; i++)
        {
            re[_reverse[i]] = signal[i];
            im[_reverse[i]] = 0;
        }
        for (var len = 2; len <= _size; len <<= 1)
        {
            var half = len / 2;
            var step = _size / len;
            for (var start = 0; start < _size; start += len)
            {
                for (var j = 0; j < half; j++)
                {
                    double wr = _cos[j * step], wi = _sin[j * step];
                    int a = start + j, b = a + half;
                    var tr = re[b] * wr - im[b] * wi;
                    var ti = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
        for (var k = 0; k <= _size / 2; k++)
            power[k] = re[k] * re[k] + im[k] * im[k];
    }
}
