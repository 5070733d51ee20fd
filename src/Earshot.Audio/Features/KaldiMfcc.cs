namespace Earshot.Audio.Features;

/// <summary>
/// MFCCs computed as Kaldi's <c>MfccComputer</c> does (feature-mfcc.cc, feature-window.cc, mel-computations.cc):
/// frames with snip-edges, DC removal, raw log energy, pre-emphasis, Povey window, zero-padding to a power of two,
/// power spectrum, triangular mel bins on Kaldi's mel scale (1127 ln(1 + f/700)), log floored at float epsilon,
/// orthonormal DCT-II, cepstral liftering, and c0 replaced by the log energy. Samples are on the 16-bit integer scale,
/// as Kaldi reads WAV files. Thread-safe: each call has its own buffers.
/// </summary>
public sealed class KaldiMfcc
{
    private readonly MfccOptions _options;
    private readonly double[] _window;
    private readonly int _paddedLength;
    private readonly (int First, double[] Weights)[] _melBins;
    private readonly double[,] _dct;
    private readonly double[] _lifter;
    private readonly Fft _fft;

    public KaldiMfcc(MfccOptions options)
    {
        _options = options;
        var length = options.FrameLength;
        if (length < 2 || options.FrameShift < 1 || options.NumCeps < 1 || options.NumCeps > options.NumBins)
            throw new ArgumentException("Invalid MFCC options.", nameof(options));
        _window = new double[length];
        for (var i = 0; i < length; i++)
            _window[i] = Math.Pow(0.5 - 0.5 * Math.Cos(2 * Math.PI * i / (length - 1)), 0.85);
        _paddedLength = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)length);
        _fft = new Fft(_paddedLength);
        _melBins = MelBins(options, _paddedLength);
        _dct = Dct(options.NumCeps, options.NumBins);
        _lifter = new double[options.NumCeps];
        var q = options.CepstralLifter;
        for (var i = 0; i < _lifter.Length; i++)
            _lifter[i] = q == 0 ? 1 : 1 + 0.5 * q * Math.Sin(Math.PI * i / q);
    }

    public MfccOptions Options => _options;
    public int Dim => _options.NumCeps;

    public int FrameCount(int sampleCount) =>
        sampleCount < _options.FrameLength ? 0 : 1 + (sampleCount - _options.FrameLength) / _options.FrameShift;

    /// <summary>Kaldi's mel scale, in single precision as Kaldi computes it.</summary>
    public static double Mel(double hz) => 1127.0f * MathF.Log(1.0f + (float)hz / 700.0f);

    /// <summary>Features, frame-major: row t is <c>result[t * Dim .. (t + 1) * Dim]</c>.</summary>
    public float[] Compute(ReadOnlySpan<float> samples)
    {
        var frames = FrameCount(samples.Length);
        var result = new float[frames * Dim];
        var length = _options.FrameLength;
        var frame = new double[_paddedLength];
        var re = new double[_paddedLength];
        var im = new double[_paddedLength];
        var power = new double[_paddedLength / 2 + 1];
        var logMel = new double[_options.NumBins];
        for (var t = 0; t < frames; t++)
        {
            var source = samples.Slice(t * _options.FrameShift, length);
            var mean = 0.0;
            for (var i = 0; i < length; i++)
                mean += source[i];
            mean /= length;
            var energy = 0.0;
            for (var i = 0; i < length; i++)
            {
                frame[i] = source[i] - mean;
                energy += frame[i] * frame[i];
            }
            var logEnergy = Math.Log(Math.Max(energy, FloatEpsilon));
            var k = _options.Preemphasis;
            for (var i = length - 1; i > 0; i--)
                frame[i] -= k * frame[i - 1];
            frame[0] -= k * frame[0];
            for (var i = 0; i < length; i++)
                frame[i] *= _window[i];
            Array.Clear(frame, length, _paddedLength - length);
            _fft.PowerSpectrum(frame, re, im, power);

            for (var b = 0; b < logMel.Length; b++)
            {
                var (first, weights) = _melBins[b];
                var sum = 0.0;
                for (var j = 0; j < weights.Length; j++)
                    sum += weights[j] * power[first + j];
                logMel[b] = Math.Log(Math.Max(sum, FloatEpsilon));
            }
            var row = result.AsSpan(t * Dim, Dim);
            for (var c = 0; c < Dim; c++)
            {
                var sum = 0.0;
                for (var b = 0; b < logMel.Length; b++)
                    sum += _dct[c, b] * logMel[b];
                row[c] = (float)(sum * _lifter[c]);
            }
            if (_options.UseEnergy)
                row[0] = (float)logEnergy;
        }
        return result;
    }

    /// <summary>Kaldi floors energies at the single-precision machine epsilon before taking logs.</summary>
    private const double FloatEpsilon = 1.1920928955078125e-07;

    private static (int First, double[] Weights)[] MelBins(MfccOptions o, int padded)
    {
        var nyquist = 0.5 * o.SampleRate;
        var high = o.HighFreq > 0 ? o.HighFreq : nyquist + o.HighFreq;
        if (o.LowFreq < 0 || high > nyquist || high <= o.LowFreq)
            throw new ArgumentException($"Mel bank {o.LowFreq}–{high} Hz does not fit 0–{nyquist} Hz.", nameof(o));
        var fftBins = padded / 2;
        var binWidth = (double)o.SampleRate / padded;
        double melLow = Mel(o.LowFreq), melHigh = Mel(high);
        var delta = (melHigh - melLow) / (o.NumBins + 1);
        var bins = new (int, double[])[o.NumBins];
        for (var b = 0; b < o.NumBins; b++)
        {
            double left = melLow + b * delta, center = left + delta, right = center + delta;
            var weights = new double[fftBins];
            int first = -1, last = -1;
            for (var i = 0; i < fftBins; i++)
            {
                var mel = Mel(binWidth * i);
                if (mel > left && mel < right)
                {
                    weights[i] = mel <= center ? (mel - left) / (center - left) : (right - mel) / (right - center);
                    if (first < 0)
                        first = i;
                    last = i;
                }
            }
            if (first < 0)
                throw new ArgumentException($"Mel bin {b} is empty; use fewer bins or a longer frame.", nameof(o));
            bins[b] = (first, weights[first..(last + 1)]);
        }
        return bins;
    }

    /// <summary>Rows 0..ceps-1 of the orthonormal DCT-II of size <paramref name="bins"/> (Kaldi's ComputeDctMatrix).</summary>
    public static double[,] Dct(int ceps, int bins)
    {
        var m = new double[ceps, bins];
        for (var k = 0; k < ceps; k++)
        {
            var norm = Math.Sqrt((k == 0 ? 1.0 : 2.0) / bins);
            for (var n = 0; n < bins; n++)
                m[k, n] = norm * Math.Cos(Math.PI / bins * (n + 0.5) * k);
        }
        return m;
    }
}
