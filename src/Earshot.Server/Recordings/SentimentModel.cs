using Earshot.Server.Models;
using Earshot.Text.Sentiment;

namespace Earshot.Server.Recordings;

public static class SentimentModel
{
    /// <summary>The VADER scorer recordings use for sentiment; null when the "vader" analyzer is not loaded (disabled or failed).</summary>
    public static VaderSentiment? FindVader(this ModelRegistry models) => models.OfType<VaderAnalyzer>().FirstOrDefault()?.Sentiment;
}
