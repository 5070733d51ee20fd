namespace Earshot.Audio.Features;

/// <summary>Kaldi's <c>apply-cmvn-sliding</c> (mean only) and energy VAD (<c>compute-vad</c>) on frame-major features.</summary>
public static class FeatureNormalization
{
    /// <summary>
    /// Subtracts from each frame the mean of a window of <paramref name="window"/> frames centred on it, shifted to lie
    /// inside the utterance (Kaldi <c>--center=true --norm-vars=false</c>); an utterance shorter than the window loses
    /// its global mean.
    /// </summary>
    public static float[] SlidingCmn(ReadOnlySpan<float> features, int dim, int window = 300)
    {
        var frames = features.Length / dim;
        var result = new float[features.Length];
        var prefix = new double[(frames + 1) * dim];
        for (var t = 0; t < frames; t++)
            for (var d = 0; d < dim; d++)
                prefix[(t + 1) * dim + d] = prefix[t * dim + d] + features[t * dim + d];
        for (var t = 0; t < frames; t++)
        {
            var start = t - window / 2;
            var end = start + window;
            if (start < 0)
            {
                end -= start;
                start = 0;
            }
            if (end > frames)
            {
                start = Math.Max(0, start - (end - frames));
                end = frames;
            }
            var count = end - start;
            for (var d = 0; d < dim; d++)
                result[t * dim + d] = (float)(features[t * dim + d] - (prefix[end * dim + d] - prefix[start * dim + d]) / count);
        }
        return result;
    }

    /// <summary>
    /// Kaldi's energy VAD on c0 (log energy): a frame is voiced when at least <paramref name="proportion"/> of the frames
    /// within ±<paramref name="context"/> have log energy above <paramref name="threshold"/> + <paramref name="meanScale"/>
    /// × the utterance's mean log energy. Defaults are the x-vector recipes' <c>vad.conf</c>.
    /// </summary>
    public static bool[] EnergyVad(ReadOnlySpan<float> features, int dim, double threshold = 5.5, double meanScale = 0.5,
        double proportion = 0.12, int context = 2)
    {
        var frames = features.Length / dim;
        var voiced = new bool[frames];
        if (frames == 0)
            return voiced;
        var mean = 0.0;
        for (var t = 0; t < frames; t++)
            mean += features[t * dim];
        var limit = threshold + meanScale * mean / frames;
        for (var t = 0; t < frames; t++)
        {
            int above = 0, total = 0;
            for (var u = Math.Max(0, t - context); u <= Math.Min(frames - 1, t + context); u++)
            {
                total++;
                if (features[u * dim] > limit)
                    above++;
            }
            voiced[t] = above >= total * proportion;
        }
        return voiced;
    }

    /// <summary>The rows of <paramref name="features"/> whose flag is set, in order.</summary>
    public static float[] Select(ReadOnlySpan<float> features, int dim, ReadOnlySpan<bool> keep)
    {
        var count = 0;
        foreach (var k in keep)
            if (k)
                count++;
        var result = new float[count * dim];
        var row = 0;
        for (var t = 0; t < keep.Length; t++)
            if (keep[t])
                features.Slice(t * dim, dim).CopyTo(result.AsSpan(row++ * dim, dim));
        return result;
    }
}
