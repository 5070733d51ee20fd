using Earshot.Text;

namespace Earshot.Text.Tests;

public class MatchPhrasesTests
{
    private const string Text = "The quick brown fox jumps over the lazy dog. It barked twice.";

    [Fact]
    public void CorrectPhrasesHaveNoErrors()
    {
        var errors = CompatTextAlgorithms.MatchPhrases(["the quick brown fox", "jumps over the lazy dog", "it barked twice"], Text);
        Assert.Equal(3, errors.Count);
        Assert.All(errors, Assert.Empty);
    }

    [Fact]
    public void ErrorsAreReturnedForThePhraseTheyOccurIn()
    {
        string[] phrases = ["the quick brown fox", "jumps over the hazy dog", "it barked twice"];
        var errors = CompatTextAlgorithms.MatchPhrases(phrases, Text);

        Assert.Empty(errors[0]);
        Assert.Empty(errors[2]);
        var error = Assert.Single(errors[1]);
        Assert.Equal(new PhraseError(phrases[1].IndexOf("hazy", StringComparison.Ordinal), "hazy", "lazy", Text.IndexOf("lazy", StringComparison.Ordinal)), error);
    }

    [Fact]
    public void OmissionsGoToThePhraseSpokenJustBefore()
    {
        string[] phrases = ["the quick fox", "jumps over the lazy dog it barked"];
        var errors = CompatTextAlgorithms.MatchPhrases(phrases, Text);

        var missing = Assert.Single(errors[0]);
        Assert.Equal(("", "brown"), (missing.Incorrect, missing.Correct));
        Assert.Equal("the quick".Length, missing.Index);
        Assert.Equal(Text.IndexOf("brown", StringComparison.Ordinal), missing.TextIndex);

        var tail = Assert.Single(errors[1]);
        Assert.Equal(("", "twice"), (tail.Incorrect, tail.Correct));
        Assert.Equal(phrases[1].Length, tail.Index);
    }

    [Fact]
    public void OmissionAtTheStartGoesToTheFirstSpokenWord()
    {
        var errors = CompatTextAlgorithms.MatchPhrases(["", "quick brown fox jumps over the lazy dog it barked twice"], Text);
        Assert.Empty(errors[0]);
        Assert.Equal(new PhraseError(0, "", "The", 0), Assert.Single(errors[1]));
    }

    [Fact]
    public void ErrorStretchCrossingAPhraseBoundaryIsSplit()
    {
        string[] phrases = ["the quick brown cat", "bumps over the lazy dog it barked twice"];
        var errors = CompatTextAlgorithms.MatchPhrases(phrases, Text);
        Assert.Equal(new PhraseError(16, "cat", "fox", Text.IndexOf("fox", StringComparison.Ordinal)), Assert.Single(errors[0]));
        Assert.Equal(new PhraseError(0, "bumps", "jumps", Text.IndexOf("jumps", StringComparison.Ordinal)), Assert.Single(errors[1]));
    }

    [Fact]
    public void InsertedWordsAreIncorrectWithNothingCorrect()
    {
        var errors = CompatTextAlgorithms.MatchPhrases(["the quick brown fox jumps right over the lazy dog", "it barked twice"], Text);
        var error = Assert.Single(errors[0]);
        Assert.Equal(("right", ""), (error.Incorrect, error.Correct));
        Assert.Equal(Text.IndexOf("over", StringComparison.Ordinal), error.TextIndex);
    }

    [Fact]
    public void EmptyInputsAreHandled()
    {
        Assert.Empty(CompatTextAlgorithms.MatchPhrases([], Text));
        var allMissing = CompatTextAlgorithms.MatchPhrases(["", null], "two words");
        Assert.Equal(new PhraseError(0, "", "two words", 0), Assert.Single(allMissing[0]));
        Assert.Empty(allMissing[1]);
        var nothingToMatch = CompatTextAlgorithms.MatchPhrases(["hello there"], "");
        Assert.Equal(new PhraseError(0, "hello there", "", 0), Assert.Single(nothingToMatch[0]));
    }

    [Fact]
    public void NumbersReadAloudMatchDigitsInTheText()
    {
        var errors = CompatTextAlgorithms.MatchPhrases(["printed in fourteen fifty five", "at twenty percent"], "Printed in 1455, at 20%.");
        Assert.All(errors, Assert.Empty);
    }
}
