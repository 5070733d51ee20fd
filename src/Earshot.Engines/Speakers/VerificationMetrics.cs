namespace Earshot.Engines.Speakers;

/// <summary>Detection error trade-off figures of a verifier: equal error rate and the normalised minimum detection cost.</summary>
public static class VerificationMetrics
{
    /// <summary>
    /// The equal error rate and the threshold where misses (targets scoring below it) and false accepts (non-targets
    /// at or above it) are closest; the rate is the mean of the two there.
    /// </summary>
    public static (double Eer, double Threshold) EqualErrorRate(IReadOnlyList<double> targets, IReadOnlyList<double> nontargets)
    {
        if (targets.Count == 0 || nontargets.Count == 0)
            throw new ArgumentException("Need target and non-target scores.");
        var best = (Gap: double.MaxValue, Eer: 1.0, Threshold: 0.0);
        foreach (var threshold in Thresholds(targets, nontargets))
        {
            var (miss, falseAccept) = Rates(targets, nontargets, threshold);
            var gap = Math.Abs(miss - falseAccept);
            if (gap < best.Gap)
                best = (gap, (miss + falseAccept) / 2, threshold);
        }
        return (best.Eer, best.Threshold);
    }

    /// <summary>min over thresholds of (P_miss·P_target + P_fa·(1 − P_target)) / min(P_target, 1 − P_target), unit costs.</summary>
    public static (double MinDcf, double Threshold) MinDetectionCost(IReadOnlyList<double> targets, IReadOnlyList<double> nontargets,
        double pTarget = 0.01)
    {
        var best = (Cost: double.MaxValue, Threshold: 0.0);
        foreach (var threshold in Thresholds(targets, nontargets))
        {
            var (miss, falseAccept) = Rates(targets, nontargets, threshold);
            var cost = (miss * pTarget + falseAccept * (1 - pTarget)) / Math.Min(pTarget, 1 - pTarget);
            if (cost < best.Cost)
                best = (cost, threshold);
        }
        return best;
    }

    /// <summary>Miss rate and false-accept rate when scores at or above <paramref name="threshold"/> are accepted.</summary>
    public static (double Miss, double FalseAccept) Rates(IReadOnlyList<double> targets, IReadOnlyList<double> nontargets, double threshold) =>
        ((double)targets.Count(s => s < threshold) / targets.Count, (double)nontargets.Count(s => s >= threshold) / nontargets.Count);

    private static IEnumerable<double> Thresholds(IReadOnlyList<double> targets, IReadOnlyList<double> nontargets) =>
        targets.Concat(nontargets).Append(double.PositiveInfinity).Distinct().Order();
}
