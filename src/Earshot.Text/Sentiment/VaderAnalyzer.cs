using Earshot.Sdk.Models;

namespace Earshot.Text.Sentiment;

/// <summary>
/// The "vader" text analyzer: VADER sentiment of a whole text as the figures <c>negative</c>, <c>neutral</c>,
/// <c>positive</c> (proportions summing to 1) and <c>compound</c> (-1 to 1). Thread-safe.
/// </summary>
public sealed class VaderAnalyzer(VaderSentiment sentiment) : ITextAnalyzer
{
    /// <summary>Key of <see cref="SentimentScores.Negative"/> in <see cref="Analyze"/>'s result.</summary>
    public const string NegativeKey = "negative";

    /// <summary>Key of <see cref="SentimentScores.Neutral"/> in <see cref="Analyze"/>'s result.</summary>
    public const string NeutralKey = "neutral";

    /// <summary>Key of <see cref="SentimentScores.Positive"/> in <see cref="Analyze"/>'s result.</summary>
    public const string PositiveKey = "positive";

    /// <summary>Key of <see cref="SentimentScores.Compound"/> in <see cref="Analyze"/>'s result.</summary>
    public const string CompoundKey = "compound";

    /// <summary>What the models routes show for this analyzer.</summary>
    public static readonly ModelInfo ModelInfo = new(
        "vader",
        ModelKind.TextAnalyzer,
        ["en"],
        "VADER rule-based sentiment (Hutto & Gilbert 2014): negative/neutral/positive proportions and a compound score.",
        "vader-sentiment 1.1.3 lexicon");

    /// <summary>Loads the lexicon file (models/vader/vader_lexicon.txt).</summary>
    public static VaderAnalyzer Load(string lexiconPath) => new(VaderSentiment.Load(lexiconPath));

    /// <inheritdoc />
    public ModelInfo Info => ModelInfo;

    /// <summary>The underlying scorer, for per-sentence scores.</summary>
    public VaderSentiment Sentiment { get; } = sentiment ?? throw new ArgumentNullException(nameof(sentiment));

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Analyze(string text)
    {
        var scores = Sentiment.PolarityScores(text);
        return new Dictionary<string, double>
        {
            [NegativeKey] = scores.Negative,
            [NeutralKey] = scores.Neutral,
            [PositiveKey] = scores.Positive,
            [CompoundKey] = scores.Compound,
        };
    }
}
