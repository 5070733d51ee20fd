using Earshot.Text.Sentiment;

namespace Earshot.Text.Tests;

public class SentenceSplitterTests
{
    private static string[] Texts(string text) => SentenceSplitter.Split(text).Select(s => s.Text).ToArray();

    [Fact]
    public void SplitsAtTerminatorsAndKeepsSpans()
    {
        const string text = "  Hello there.  How are you?! I'm fine…  ";
        var sentences = SentenceSplitter.Split(text);
        Assert.Equal(["Hello there.", "How are you?!", "I'm fine…"], sentences.Select(s => s.Text));
        foreach (var sentence in sentences)
            Assert.Equal(sentence.Text, text.Substring(sentence.Start, sentence.Length));
        Assert.Equal(2, sentences[0].Start);
        Assert.Equal(text.TrimEnd().Length, sentences[^1].End);
    }

    [Fact]
    public void ClosingQuotesStayWithTheirSentence() =>
        Assert.Equal(["He said \"stop.\"", "She did (mostly.)", "“Fine.”", "Done"], Texts("He said \"stop.\" She did (mostly.) “Fine.” Done"));

    [Fact]
    public void AbbreviationsInitialsAndDecimalsDoNotSplit()
    {
        Assert.Equal(["Mr. Smith met Dr. Jones at 3.30 p.m. today."], Texts("Mr. Smith met Dr. Jones at 3.30 p.m. today."));
        Assert.Equal(["J. R. R. Tolkien wrote it.", "It sold well."], Texts("J. R. R. Tolkien wrote it. It sold well."));
        Assert.Equal(["Fruit, e.g. apples, is good."], Texts("Fruit, e.g. apples, is good."));
    }

    [Fact]
    public void BlankLinesEndSentencesButSingleLineBreaksDoNot()
    {
        Assert.Equal(["A heading", "Some text that wraps\nonto two lines."], Texts("A heading\n\nSome text that wraps\nonto two lines."));
        Assert.Equal(["one\r\ntwo", "three"], Texts("one\r\ntwo\r\n\r\nthree"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n  ")]
    [InlineData(null)]
    public void EmptyTextHasNoSentences(string? text) => Assert.Empty(SentenceSplitter.Split(text));

    [Fact]
    public void TextWithoutTerminatorIsOneSentence() => Assert.Equal(["no full stop here"], Texts("no full stop here"));

    [Fact]
    public void PunctuationOnlyIsKeptAsItIs() => Assert.Equal(["?!", "..."], Texts("?! ..."));
}
