using Earshot.Testing;
using Earshot.Text.Sentiment;

namespace Earshot.Text.Tests;

/// <summary>The real lexicon installed by scripts/install-models.sh, loaded once.</summary>
internal static class VaderFixture
{
    public static string LexiconPath { get; } = Path.Combine(RepositoryPaths.Models, "vader", "vader_lexicon.txt");

    private static readonly Lazy<VaderSentiment> Shared = new(() => VaderSentiment.Load(LexiconPath));

    public static VaderSentiment Vader => Shared.Value;
}
