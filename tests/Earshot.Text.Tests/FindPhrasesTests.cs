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
        Assert.Equal([1], CompatTextAlgorithms.FindPhrases(Segments, "a juvenile dog"));
        Assert.Equal([3], CompatTextAlgorithms.FindPhrases(Segments, "Healthy puppies grow quickly!"));
    }

    [Fact]
    public void TextSpanningABoundaryReturnsBothPhrases() =>
        Assert.Equal([1, 2], CompatTextAlgorithms.FindPhrases(Segments, "puppies can weigh one to one"));

    [Fact]
    public void SmallRecognitionErrorsAreTolerated()
    {
        var match = CompatTextAlgorithms.FindPhraseMatch(Segments, "a juvenil dogg");
        Assert.NotNull(match);
        Assert.Equal([1], match.PhraseIndices);
        Assert.Equal("a juvenile dog", match.Text);
        Assert.InRange(match.Similarity, 0.8, 0.99);
    }

    [Fact]
    public void AbsentTextIsNotFound()
    {
        Assert.Empty(CompatTextAlgorithms.FindPhrases(Segments, "quantum chromodynamics lecture"));
        var match = CompatTextAlgorithms.FindPhraseMatch(Segments, "quantum chromodynamics lecture");
        Assert.NotNull(match);
        Assert.True(match.Similarity < 0.5);
    }

    [Fact]
    public void SimilarityThresholdIsAdjustable() =>
        Assert.Empty(CompatTextAlgorithms.FindPhrases(Segments, "a juvenil dogg", minSimilarity: 0.99));

    [Fact]
    public void ExactMatchHasFullSimilarityAndWholeWords()
    {
        var match = CompatTextAlgorithms.FindPhraseMatch(Segments, "free online");
        Assert.NotNull(match);
        Assert.Equal(1.0, match.Similarity);
        Assert.Equal("free online", match.Text);
    }

    [Fact]
    public void LargerMarginWidensTheWindowToNeighbouringWords()
    {
        var narrow = CompatTextAlgorithms.FindPhraseMatch(Segments, "juvenile", margin: 1.0);
        var wide = CompatTextAlgorithms.FindPhraseMatch(Segments, "juvenile", margin: 2.5);
        Assert.Equal("juvenile", narrow!.Text);
        Assert.Contains("juvenile", wide!.Text);
        Assert.True(wide.Text.Split(' ').Length > 1, wide.Text);
    }

    [Fact]
    public void EmptyInputsFindNothing()
    {
        Assert.Empty(CompatTextAlgorithms.FindPhrases(Segments, ""));
        Assert.Empty(CompatTextAlgorithms.FindPhrases(Segments, "?!"));
        Assert.Empty(CompatTextAlgorithms.FindPhrases([], "dog"));
        Assert.Empty(CompatTextAlgorithms.FindPhrases(["", null, "..."], "dog"));
        Assert.Null(CompatTextAlgorithms.FindPhraseMatch([], "dog"));
    }

    [Fact]
    public void MarginBelowOneIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CompatTextAlgorithms.FindPhrases(Segments, "dog", margin: 0.5));

    [Fact]
    public void PunctuationAndCaseAreIgnored() =>
        Assert.Equal([0], CompatTextAlgorithms.FindPhrases(["Copy, from Wikipedia: the FREE online encyclopedia!"], "wikipedia the free"));
}
