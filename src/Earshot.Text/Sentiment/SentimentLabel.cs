namespace Earshot.Text.Sentiment;

/// <summary>Overall polarity of a text by the conventional compound-score thresholds.</summary>
public enum SentimentLabel
{
    /// <summary>Compound score at most -0.05.</summary>
    Negative,

    /// <summary>Compound score strictly between -0.05 and 0.05.</summary>
    Neutral,

    /// <summary>Compound score at least 0.05.</summary>
    Positive,
}
