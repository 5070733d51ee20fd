using Earshot.Sdk;
using Earshot.Sdk.Models;
using Earshot.Testing;
using Earshot.Text.Sentiment;

namespace Earshot.Text.Tests;

public class VaderAnalyzerTests
{
    [Fact]
    public void DescribesItselfAsTheVaderTextAnalyzer()
    {
        var analyzer = VaderAnalyzer.Load(VaderFixture.LexiconPath);
        Assert.Equal("vader", analyzer.Info.Name);
        Assert.Equal(ModelKind.TextAnalyzer, analyzer.Info.Kind);
        Assert.Equal("vader-sentiment 1.1.3 lexicon", analyzer.Info.Version);
        Assert.Contains("en", analyzer.Info.Languages);
    }

    [Fact]
    public void AnalyzeReturnsTheFourFigures()
    {
        ITextAnalyzer analyzer = VaderAnalyzer.Load(VaderFixture.LexiconPath);
        var figures = analyzer.Analyze("VADER is smart, handsome, and funny.");
        Assert.Equal(["compound", "negative", "neutral", "positive"], figures.Keys.Order());
        Assert.Equal(0.8316, Math.Round(figures["compound"], 4));
        Assert.Equal(0.746, Math.Round(figures["positive"], 3));
        Assert.Equal(0, figures["negative"]);
    }

    [Fact]
    public void AnalyzeIsSafeFromManyThreads()
    {
        var analyzer = VaderAnalyzer.Load(VaderFixture.LexiconPath);
        var expected = analyzer.Analyze("The plot was good, but the characters are uncompelling.")["compound"];
        var results = new double[200];
        Parallel.For(0, results.Length, i => results[i] = analyzer.Analyze("The plot was good, but the characters are uncompelling.")["compound"]);
        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void LexiconLoadsEveryEntryOfTheInstalledFile()
    {
        var lexicon = VaderLexicon.Load(VaderFixture.LexiconPath);
        var distinct = File.ReadLines(VaderFixture.LexiconPath).Where(l => l.Length > 0).Select(l => l.Split('\t')[0]).Distinct().Count();
        Assert.Equal(distinct, lexicon.Count);
        Assert.True(lexicon.TryGetValence("good", out var good));
        Assert.Equal(1.9, good);
        Assert.True(lexicon.TryGetValence(":)", out _));
        Assert.False(lexicon.Contains("GOOD"));
    }

    [Fact]
    public void LaterDuplicateLexiconLinesWin()
    {
        var lexicon = VaderLexicon.Parse(["lol\t2.9\t0.8\t[]", "", "lol\t1.8\t1.4\t[]"]);
        Assert.True(lexicon.TryGetValence("lol", out var valence));
        Assert.Equal(1.8, valence);
        Assert.Equal(1, lexicon.Count);
    }

    [Fact]
    public void MalformedLexiconLinesAreReported()
    {
        var error = Assert.Throws<FormatException>(() => VaderLexicon.Parse(["good\t1.9", "broken line"], "test.txt"));
        Assert.Contains("test.txt:2", error.Message);
        Assert.Throws<FormatException>(() => VaderLexicon.Parse(["word\tnot-a-number"]));
    }

    [Fact]
    public void MissingLexiconFileIsReported() =>
        Assert.Throws<FileNotFoundException>(() => VaderLexicon.Load(Path.Combine(Path.GetTempPath(), "no-such-lexicon.txt")));

    [Fact]
    public void PluginBuildsTheAnalyzerFromTheModelsDirectory()
    {
        var models = new VaderPlugin().CreateModels(new PluginContext(RepositoryPaths.Models, new Dictionary<string, string?>())).ToList();
        var analyzer = Assert.IsType<VaderAnalyzer>(Assert.Single(models));
        Assert.True(analyzer.Analyze("great")["compound"] > 0);
    }

    [Fact]
    public void PluginHonoursAConfiguredLexiconAndOffersNothingWithoutOne()
    {
        var configured = new Dictionary<string, string?> { [VaderPlugin.LexiconPathSetting] = VaderFixture.LexiconPath };
        Assert.Single(new VaderPlugin().CreateModels(new PluginContext("/nonexistent", configured)));

        Assert.Empty(new VaderPlugin().CreateModels(new PluginContext("/nonexistent", new Dictionary<string, string?>())));

        var missing = new Dictionary<string, string?> { [VaderPlugin.LexiconPathSetting] = "/nonexistent/lexicon.txt" };
        Assert.Throws<FileNotFoundException>(() => new VaderPlugin().CreateModels(new PluginContext(RepositoryPaths.Models, missing)).ToList());
    }
}
