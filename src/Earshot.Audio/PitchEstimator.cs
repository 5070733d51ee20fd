using System.Numerics;
using System.Runtime.InteropServices;
using Earshot.Sdk.Models;

namespace Earshot.Audio;

/// <summary>Pitch of one analysis frame.</summary>
/// <param name="Time">Centre of the analysis window, in seconds.</param>
/// <param name="Frequency">Fundamental frequency in Hz, or null when the frame is unvoiced or too quiet.</param>
/// <param name="Confidence">1 − the YIN aperiodicity d′(τ) at the chosen period, in [0, 1]; 0 for frames too quiet to analyse.</param>
public readonly record struct PitchFrame(double Time, double? Frequency, double Confidence);

/// <summary>Settings of <see cref="PitchEstimator"/>.</summary>
/// <param name="MinFrequency">Lowest f0 searched (Hz); sets the longest lag.</param>
/// <param name="MaxFrequency">Highest f0 searched (Hz); sets the shortest lag.</param>
/// <param name="Threshold">YIN absolute threshold on d′: a frame is voiced when a dip falls below it. The paper uses 0.1;
/// 0.15 keeps more of real, slightly breathy speech.</param>
/// <param name="WindowSeconds">Analysis window: the integration window plus the longest lag.</param>
/// <param name="HopSeconds">Step between frames.</param>
/// <param name="SilenceDbfs">Frames whose RMS is below this are reported unvoiced without analysis.</param>
public sealed record PitchOptions(
    double MinFrequency = 60,
    double MaxFrequency = 500,
    double Threshold = 0.15,
    double WindowSeconds = 0.04,
    double HopSeconds = 0.01,
    double SilenceDbfs = -50);

/// <summary>
/// YIN f0 estimation (de Cheveigné &amp; Kawahara, 2002, "YIN, a fundamental frequency estimator for speech and music",
/// JASA 111(4)). Per frame: difference function d(τ) (step 2), cumulative mean normalised difference d′(τ) (step 3),
/// first dip below the absolute threshold followed to its local minimum, else the global minimum (step 4), parabolic
/// interpolation of d(τ) around it (step 5). Step 6 (best local estimate) looks at the voiced frames within ±2 hops rather
/// than the paper's ±Tmax/2, which at 10 ms hops would hold only the frame itself: when the most periodic of them
/// disagrees by more than 20 %, the frame is estimated again within ±20 % of that neighbour's period, which removes most
/// octave jumps. The difference function is computed directly, O(W·τmax) per frame. Thread-safe; frames are independent.
/// </summary>
public sealed class PitchEstimator(PitchOptions? options = null)
{
    private const int NeighbourHops = 2;
    private const double AllowedDeviation = 0.2;

    public PitchOptions Options { get; } = Validate(options ?? new PitchOptions());

    /// <summary>One frame per hop while a whole window fits in the audio.</summary>
    public IReadOnlyList<PitchFrame> Estimate(AudioBuffer audio, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        var analysis = new FrameAnalysis(Options, audio.SampleRate);
        var signal = audio.ToFloat();
        var silence = (float)Loudness.DbfsToFraction(Options.SilenceDbfs);

        var estimates = new List<(double? Period, float Aperiodicity)>();
        for (var start = 0; start + analysis.Window <= signal.Length; start += analysis.Hop)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var frame = signal.AsSpan(start, analysis.Window);
            estimates.Add(Rms(frame) < silence ? (null, 1f) : analysis.Analyse(frame, analysis.MinLag, analysis.MaxLag));
        }

        // Step 6: re-estimate frames that stray from the most periodic voiced frame near them.
        var frames = new PitchFrame[estimates.Count];
        for (var i = 0; i < estimates.Count; i++)
        {
            var (period, aperiodicity) = estimates[i];
            if (period is { } own && MostPeriodicNeighbour(estimates, i) is { } reference && Math.Abs(own / reference - 1) > AllowedDeviation)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var frame = signal.AsSpan(i * analysis.Hop, analysis.Window);
                var low = Math.Max(analysis.MinLag, (int)Math.Floor(reference * (1 - AllowedDeviation)));
                var high = Math.Min(analysis.MaxLag, (int)Math.Ceiling(reference * (1 + AllowedDeviation)));
                var again = analysis.Analyse(frame, low, high, acceptGlobalMinimum: true);
                (period, aperiodicity) = (again.Period ?? own, again.Period is null ? aperiodicity : again.Aperiodicity);
            }
            var time = (i * analysis.Hop + analysis.Window / 2.0) / audio.SampleRate;
            frames[i] = new PitchFrame(time, audio.SampleRate / period, Math.Clamp(1 - aperiodicity, 0, 1));
        }
        return frames;
    }

    /// <summary>Median of the voiced frames' f0, or null when none is voiced.</summary>
    public static double? MedianFrequency(IEnumerable<PitchFrame> frames)
    {
        var voiced = frames.Where(f => f.Frequency is not null).Select(f => f.Frequency!.Value).Order().ToArray();
        if (voiced.Length == 0)
            return null;
        var middle = voiced.Length / 2;
        return voiced.Length % 2 == 1 ? voiced[middle] : (voiced[middle - 1] + voiced[middle]) / 2;
    }

    private static double? MostPeriodicNeighbour(List<(double? Period, float Aperiodicity)> estimates, int index)
    {
        double? best = null;
        var bestAperiodicity = float.MaxValue;
        for (var j = Math.Max(0, index - NeighbourHops); j <= Math.Min(estimates.Count - 1, index + NeighbourHops); j++)
        {
            if (estimates[j].Period is { } period && estimates[j].Aperiodicity < bestAperiodicity)
                (best, bestAperiodicity) = (period, estimates[j].Aperiodicity);
        }
        return best;
    }

    private static float Rms(ReadOnlySpan<float> frame) => MathF.Sqrt(SquaredDistance(frame, default) / frame.Length);

    /// <summary>Σ (a_i − b_i)², or Σ a_i² when <paramref name="b"/> is empty; vectorised.</summary>
    private static float SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var hasB = !b.IsEmpty;
        var sum = Vector<float>.Zero;
        var i = 0;
        var width = Vector<float>.Count;
        var va = MemoryMarshal.Cast<float, Vector<float>>(a);
        var vb = hasB ? MemoryMarshal.Cast<float, Vector<float>>(b) : default;
        for (var v = 0; v < va.Length; v++, i += width)
        {
            var diff = hasB ? va[v] - vb[v] : va[v];
            sum += diff * diff;
        }
        var total = Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            var diff = hasB ? a[i] - b[i] : a[i];
            total += diff * diff;
        }
        return total;
    }

    private static PitchOptions Validate(PitchOptions options)
    {
        if (!(options.MinFrequency > 0 && options.MaxFrequency > options.MinFrequency))
            throw new ArgumentException("Need 0 < MinFrequency < MaxFrequency.", nameof(options));
        if (!(options.Threshold is > 0 and < 1))
            throw new ArgumentException("Threshold must lie in (0, 1).", nameof(options));
        if (!(options.WindowSeconds > 0 && options.HopSeconds > 0))
            throw new ArgumentException("Window and hop must be positive.", nameof(options));
        return options;
    }

    /// <summary>Steps 2–5 on one window, with scratch buffers reused across frames (so one instance per call).</summary>
    private sealed class FrameAnalysis
    {
        private readonly double threshold;
        private readonly int integration;
        private readonly float[] d;
        private readonly float[] dPrime;

        public FrameAnalysis(PitchOptions options, int sampleRate)
        {
            threshold = options.Threshold;
            Window = (int)Math.Round(options.WindowSeconds * sampleRate);
            Hop = Math.Max(1, (int)Math.Round(options.HopSeconds * sampleRate));
            MaxLag = (int)Math.Ceiling(sampleRate / options.MinFrequency);
            MinLag = Math.Max(2, (int)Math.Floor(sampleRate / options.MaxFrequency));
            integration = Window - MaxLag - 1;
            if (integration < MaxLag / 2)
                throw new ArgumentException(
                    $"A {options.WindowSeconds * 1000} ms window is too short for {options.MinFrequency} Hz at {sampleRate} Hz.", nameof(options));
            d = new float[MaxLag + 2];
            dPrime = new float[MaxLag + 2];
        }

        public int Window { get; }
        public int Hop { get; }
        public int MinLag { get; }
        public int MaxLag { get; }

        /// <summary>Period in samples (null when no dip in [low, high] falls below the threshold, unless the global minimum is accepted) and d′ there.</summary>
        public (double? Period, float Aperiodicity) Analyse(ReadOnlySpan<float> frame, int low, int high, bool acceptGlobalMinimum = false)
        {
            // Step 2: d(τ) = Σ_{j<W} (x_j − x_{j+τ})², up to high + 1 so step 5 has a right neighbour.
            var head = frame[..integration];
            for (var lag = 1; lag <= high + 1; lag++)
                d[lag] = SquaredDistance(head, frame.Slice(lag, integration));

            // Step 3: d′(τ) = d(τ) / ((1/τ) Σ_{j=1..τ} d(j)), d′(0) = 1.
            dPrime[0] = 1;
            double runningSum = 0;
            for (var lag = 1; lag <= high + 1; lag++)
            {
                runningSum += d[lag];
                dPrime[lag] = runningSum > 0 ? (float)(d[lag] * lag / runningSum) : 1;
            }

            // Step 4: the first τ with d′ below the threshold, then down to the bottom of that dip; else the deepest point.
            var chosen = FirstDip(low, high);
            if (chosen < 0)
            {
                chosen = GlobalMinimum(low, high);
                if (!acceptGlobalMinimum)
                    return (null, dPrime[chosen]);
            }

            // Step 5: parabola through d(τ−1), d(τ), d(τ+1); d rather than d′, whose minimum the paper notes is biased.
            return (chosen + ParabolicOffset(d[chosen - 1], d[chosen], d[chosen + 1]), dPrime[chosen]);
        }

        private int FirstDip(int low, int high)
        {
            for (var lag = low; lag <= high; lag++)
            {
                if (dPrime[lag] < threshold)
                {
                    while (lag < high && dPrime[lag + 1] < dPrime[lag])
                        lag++;
                    return lag;
                }
            }
            return -1;
        }

        private int GlobalMinimum(int low, int high)
        {
            var best = low;
            for (var lag = low + 1; lag <= high; lag++)
            {
                if (dPrime[lag] < dPrime[best])
                    best = lag;
            }
            return best;
        }

        private static double ParabolicOffset(double left, double centre, double right)
        {
            var curvature = left - 2 * centre + right;
            return curvature <= 0 ? 0 : Math.Clamp((left - right) / (2 * curvature), -0.5, 0.5);
        }
    }
}
