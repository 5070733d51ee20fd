using Earshot.Text;

namespace Earshot.Text.Tests;

public class FindPhrasesTests
{
    private static readonly string[] Segments =
    [
        "copy from wikipedia the free online encyclopedia",
        "a puppy is a juvenile dog some puppies can weigh",
        "one to one and a half kilograms",
        "all healthy puppies grow quickly after birth",
    ];

    [Fact]
    public void FindsThePhraseContainingTheText()
    {
        Assert.Equal([1], SeedTextAlgorithms.FindPhrases(Segments, "a juvenile dog"));
        Assert.Equal([3], SeedTextAlgorithms.FindPhrases(Segments, "Healthy puppies grow quickly!"));
    }

    [Fact]
    public void TextSpanningABoundaryReturnsBothPhrases() =>
        Assert.Equal([1, 2], SeedTextAlgorithms.FindPhrases(Segments, "puppies can weigh one to one"));

    [Fact]
    public void SmallRecognitionErrorsAreTolerated()
    {
        var match = SeedTextAlgorithms.FindPhraseMatch(Segments, "a juvenil dogg");
        Assert.NotNull(match);
        Assert.Equal([1], match.PhraseIndices);
        Assert.Equal("a juvenile dog", match.Text);
        Assert.InRange(match.Similarity, 0.8, 0.99);
    }

    [Fact]
    public void AbsentTextIsNotFound()
    {
        Assert.Empty(SeedTextAlgorithms.FindPhrases(Segments, "quantum chromodynamics lecture"));
        var match = SeedTextAlgorithms.FindPhraseMatch(Segments, "quantum chromodynamics lecture");
        Assert.NotNull(match);
        Assert.True(match.Similarity < 0.5);
    }

    [Fact]
    public void SimilarityThresholdIsAdjustable() =>
        Assert.Empty(SeedTextAlgorithms.FindPhrases(Segments, "a juvenil dogg", minSimilarity: 0.99));

    [Fact]
    public void ExactMatchHasFullSimilarityAndWholeWords()
    {
        var match = SeedTextAlgorithms.FindPhraseMatch(Segments, "free online");
        Assert.NotNull(match);
        Assert.Equal(1.0, match.Similarity);
        Assert.Equal("free online", match.Text);
    }

    [Fact]
    public void LargerMarginWidensTheWindowToNeighbouringWords()
    {
        var narrow = SeedTextAlgorithms.FindPhraseMatch(Segments, "juvenile", margin: 1.0);
        var wide = SeedTextAlgorithms.FindPhraseMatch(Segments, "juvenile", margin: 2.5);
        Assert.Equal("juvenile", narrow!.Text);
        Assert.Contains("juvenile", wide!.Text);
        Assert.True(wide.Text.Split(' ').Length > 1, wide.Text);
    }

    [Fact]
    public void EmptyInputsFindNothing()
    {
        Assert.Empty(SeedTextAlgorithms.FindPhrases(Segments, ""));
        Assert.Empty(SeedTextAlgorithms.FindPhrases(Segments, "?!"));
        Assert.Empty(SeedTextAlgorithms.FindPhrases([], "dog"));
        Assert.Empty(SeedTextAlgorithms.FindPhrases(["", null, "..."], "dog"));
        Assert.Null(SeedTextAlgorithms.FindPhraseMatch([], "dog"));
    }

    [Fact]
    public void MarginBelowOneIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SeedTextAlgorithms.FindPhrases(Segments, "dog", margin: 0.5));

    [Fact]
    public void PunctuationAndCaseAreIgnored() =>
        Assert.Equal([0], SeedTextAlgorithms.FindPhrases(["Copy, from Wikipedia: the FREE online encyclopedia!"], "wikipedia the free"));
}
