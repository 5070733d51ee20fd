namespace Earshot.Text.Sentiment;

/// <summary>A sentence with its VADER scores.</summary>
public sealed record SentenceSentiment(Sentence Sentence, SentimentScores Scores);
