namespace Earshot.Engines.Analytics;

/// <summary>The classifiers' input: statistics of the blocks around an output step (at least 1024 ms of them).</summary>
public static class WindowFeatures
{
    private const int Bands = SpectrumAnalyzer.Bands;
    private const double UnvoicedLogF0 = 5.0; // ≈ 150 Hz: stands in when no frame of the window is voiced

    /// <summary>Blocks of context every classifier sees (1024 ms), also for shorter output periods.</summary>
    public const int MinimumBlocks = 16;

    public const int Count = 2 * Bands + 9;

    public static string[] Names { get; } =
    [
        .. Enumerable.Range(0, Bands).Select(b => $"shape_{b}"), .. Enumerable.Range(0, Bands).Select(b => $"band_sd_{b}"),
        "level_mean", "level_sd", "flux_mean", "flux_sd", "low_energy", "vad_mean", "voiced", "log_f0", "log_f0_sd",
    ];

    public static float[] Compute(IReadOnlyList<BlockFeatures> blocks)
    {
        ArgumentOutOfRangeException.ThrowIfZero(blocks.Count);
        var frames = blocks.Count * 2;
        var features = new float[Count];
        var bandSum = new double[Bands];
        var bandSquares = new double[Bands];
        var levels = new double[frames];
        double shapeLevelSum = 0, fluxSum = 0, fluxSquares = 0, vad = 0;
        var fluxCount = 0;
        int pitchFrames = 0, voiced = 0;
        double logSum = 0, logSquares = 0;
        ReadOnlySpan<float> previous = default;
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            for (var f = 0; f < 2; f++)
            {
                var mel = block.LogMel.AsSpan(f * Bands, Bands);
                double level = 0;
                for (var b = 0; b < Bands; b++)
                {
                    level += mel[b];
                    bandSum[b] += mel[b];
                    bandSquares[b] += mel[b] * mel[b];
                }
                level /= Bands;
                levels[i * 2 + f] = level;
                shapeLevelSum += level;
                if (!previous.IsEmpty)
                {
                    double flux = 0;
                    for (var b = 0; b < Bands; b++)
                        flux += Math.Abs(mel[b] - previous[b]);
                    flux /= Bands;
                    fluxSum += flux;
                    fluxSquares += flux * flux;
                    fluxCount++;
                }
                previous = mel;
            }
            vad += block.Vad0 + block.Vad1;
            pitchFrames += block.PitchFrames;
            voiced += block.Voiced;
            logSum += block.LogF0Sum;
            logSquares += block.LogF0SquareSum;
        }

        var levelMean = shapeLevelSum / frames;
        for (var b = 0; b < Bands; b++)
        {
            var mean = bandSum[b] / frames;
            features[b] = (float)(mean - levelMean);
            features[Bands + b] = (float)Sd(bandSum[b], bandSquares[b], frames);
        }
        var k = 2 * Bands;
        features[k++] = (float)levelMean;
        features[k++] = (float)Sd(shapeLevelSum, levels.Sum(l => l * l), frames);
        features[k++] = fluxCount == 0 ? 0 : (float)(fluxSum / fluxCount);
        features[k++] = fluxCount == 0 ? 0 : (float)Sd(fluxSum, fluxSquares, fluxCount);
        features[k++] = (float)levels.Count(l => l < levelMean - 1.0) / frames;
        features[k++] = (float)(vad / frames);
        features[k++] = pitchFrames == 0 ? 0 : (float)voiced / pitchFrames;
        features[k++] = voiced == 0 ? (float)UnvoicedLogF0 : (float)(logSum / voiced);
        features[k++] = voiced < 2 ? 0 : (float)Sd(logSum, logSquares, voiced);
        return features;
    }

    private static double Sd(double sum, double squares, int count)
    {
        var mean = sum / count;
        return Math.Sqrt(Math.Max(0, squares / count - mean * mean));
    }
}
