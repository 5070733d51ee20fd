using Earshot.Text;

namespace Earshot.Text.Tests;

public class MatchWordsTests
{
    [Fact]
    public void IdenticalOrEquivalentTextsHaveNoChanges()
    {
        Assert.Empty(CompatTextAlgorithms.MatchWords("The cat sat.", "the cat, sat!"));
        Assert.Empty(CompatTextAlgorithms.MatchWords("", ""));
        Assert.Empty(CompatTextAlgorithms.MatchWords(null, "?!"));
        Assert.Empty(CompatTextAlgorithms.MatchWords("in 1455", "in fourteen fifty-five"));
    }

    [Fact]
    public void SubstitutionReportsOffsetAndOriginalSpellings()
    {
        const string first = "The quick brown fox.";
        var change = Assert.Single(CompatTextAlgorithms.MatchWords(first, "the QUACK brown fox"));
        Assert.Equal(new WordChange(4, "quick", "QUACK"), change);
        Assert.Equal("quick", first.Substring(change.Index, change.Removed.Length));
    }

    [Fact]
    public void ConsecutiveEditsFormOneChangeIncludingPunctuationBetween()
    {
        var change = Assert.Single(CompatTextAlgorithms.MatchWords("I saw a big, red dog today", "I saw one small cat today"));
        Assert.Equal(new WordChange(6, "a big, red dog", "one small cat"), change);
    }

    [Fact]
    public void SeparateEditsAreSeparateChanges()
    {
        var changes = CompatTextAlgorithms.MatchWords("one two three four five", "one too three four fife");
        Assert.Equal([new WordChange(4, "two", "too"), new WordChange(19, "five", "fife")], changes);
    }

    [Fact]
    public void DeletionsAndInsertionsHaveEmptySides()
    {
        Assert.Equal([new WordChange(4, "very", "")], CompatTextAlgorithms.MatchWords("the very end", "the end"));
        Assert.Equal([new WordChange(4, "", "very")], CompatTextAlgorithms.MatchWords("the end", "the very end"));
        // Insertion at the end goes just after the last word, before trailing punctuation.
        Assert.Equal([new WordChange(7, "", "now")], CompatTextAlgorithms.MatchWords("the end.", "the end now"));
        Assert.Equal([new WordChange(0, "", "hello")], CompatTextAlgorithms.MatchWords("...", "hello"));
        Assert.Equal([new WordChange(0, "hello world", "")], CompatTextAlgorithms.MatchWords("hello world", ""));
    }

    [Fact]
    public void ChangesApplyBackToTheSecondTextsWords()
    {
        const string first = "It was the best of times, it was the worst of times";
        const string second = "It was the best of rhymes it is the worst of all times";
        var rebuilt = first;
        foreach (var change in CompatTextAlgorithms.MatchWords(first, second).Reverse())
            rebuilt = rebuilt[..change.Index] + change.Inserted + (change.Removed.Length == 0 ? " " : "") + rebuilt[(change.Index + change.Removed.Length)..];
        Assert.Equal(TextNormalizer.Normalize(second), TextNormalizer.Normalize(rebuilt));
    }

    [Fact]
    public void HyphenatedLineBreaksAndUnicodeQuotesAreNotDifferences() =>
        Assert.Empty(CompatTextAlgorithms.MatchWords("The environ-\nment isn’t “clean”", "the environment isn't clean"));
}
