namespace Earshot.Text.Sentiment;

/// <summary>
/// VADER scores of a text: the proportions of negative, neutral and positive weight (summing to 1, or all 0 for a text
/// without words) and the normalised compound score in [-1, 1]. Values are not rounded.
/// </summary>
public sealed record SentimentScores(double Negative, double Neutral, double Positive, double Compound)
{
    /// <summary>The scores of a text without words.</summary>
    public static readonly SentimentScores Empty = new(0, 0, 0, 0);

    /// <summary>The usual reading of <see cref="Compound"/>: positive at ≥ 0.05, negative at ≤ -0.05, else neutral.</summary>
    public SentimentLabel Label => Compound >= 0.05 ? SentimentLabel.Positive
        : Compound <= -0.05 ? SentimentLabel.Negative
        : SentimentLabel.Neutral;
}
