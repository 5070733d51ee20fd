namespace Earshot.Text;

/// <summary>Edit counts of a hypothesis against a reference and the resulting error rate (WER or CER).</summary>
/// <param name="Substitutions">Reference units replaced by other units.</param>
/// <param name="Deletions">Reference units missing from the hypothesis.</param>
/// <param name="Insertions">Hypothesis units not in the reference.</param>
/// <param name="ReferenceLength">Units (words or characters) in the reference.</param>
public sealed record ErrorRate(int Substitutions, int Deletions, int Insertions, int ReferenceLength)
{
    /// <summary>No errors over an empty reference.</summary>
    public static readonly ErrorRate Zero = new(0, 0, 0, 0);

    /// <summary>Substitutions + deletions + insertions.</summary>
    public int Errors => Substitutions + Deletions + Insertions;

    /// <summary>
    /// <see cref="Errors"/> / <see cref="ReferenceLength"/>; may exceed 1. With an empty reference it is the number of
    /// insertions (0 when both sides are empty), so it never divides by zero.
    /// </summary>
    public double Rate => (double)Errors / Math.Max(ReferenceLength, 1);

    /// <summary>Corpus-level totals: counts add up, so the rate of a sum weights each item by its length.</summary>
    public static ErrorRate operator +(ErrorRate left, ErrorRate right) => new(
        left.Substitutions + right.Substitutions,
        left.Deletions + right.Deletions,
        left.Insertions + right.Insertions,
        left.ReferenceLength + right.ReferenceLength);

    /// <summary>Adds up many results (corpus WER/CER).</summary>
    public static ErrorRate Sum(IEnumerable<ErrorRate> rates) => rates.Aggregate(Zero, (total, rate) => total + rate);
}
