using Earshot.Text;

namespace Earshot.Text.Tests;

public class TextNormalizerTests
{
    private static string[] Normals(string text) => TextNormalizer.Tokenize(text).Select(t => t.Normal).ToArray();

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    [InlineData("... !!! -- — “ ” ' \" ,;:()[]")]
    public void EmptyOrPunctuationOnlyTextHasNoTokens(string text)
    {
        Assert.Empty(TextNormalizer.Tokenize(text));
        Assert.Equal("", TextNormalizer.Normalize(text));
    }

    [Fact]
    public void NullTextHasNoTokens() => Assert.Empty(TextNormalizer.Tokenize(null));

    [Fact]
    public void WordsAreLowerCasedAndStrippedOfPunctuation() =>
        Assert.Equal(["hello", "world", "it", "works"], Normals("Hello, WORLD! (It works.)"));

    [Fact]
    public void SpansPointAtTheOriginalText()
    {
        const string text = "  Hello,  “quoted” world!";
        var tokens = TextNormalizer.Tokenize(text);

        Assert.Equal(["Hello", "quoted", "world"], tokens.Select(t => t.Text));
        foreach (var token in tokens)
            Assert.Equal(token.Text, text.Substring(token.Start, token.Length));
        Assert.Equal(2, tokens[0].Start);
        Assert.Equal(text.IndexOf("world", StringComparison.Ordinal), tokens[2].Start);
        Assert.Equal(tokens[2].Start + 5, tokens[2].End);
    }

    [Theory]
    [InlineData("don't", "don't")]
    [InlineData("Don’t", "don't")]
    [InlineData("DON‘T", "don't")]
    [InlineData("o'clock", "o'clock")]
    [InlineData("Kate's", "kate's")]
    [InlineData("rock'n'roll", "rock'n'roll")]
    public void ApostrophesInsideWordsAreKeptAndFolded(string text, string normal) =>
        Assert.Equal([normal], Normals(text));

    [Fact]
    public void ApostrophesAtWordEdgesAreDropped()
    {
        Assert.Equal(["rock", "n", "roll"], Normals("rock 'n' roll"));
        Assert.Equal(["rock", "n", "roll"], Normals("rock ’n’ roll"));
        Assert.Equal(["runnin", "em"], Normals("runnin' 'em"));
        Assert.Equal(["quoted"], Normals("'quoted'"));
    }

    [Fact]
    public void HyphensAndDashesSeparateWords()
    {
        Assert.Equal(["forty", "two", "line"], Normals("forty-two line"));
        Assert.Equal(["well", "known"], Normals("well‐known"));
        Assert.Equal(["this", "that"], Normals("this—that"));
        Assert.Equal(["this", "that"], Normals("this – that"));
        Assert.Equal(["a", "b"], Normals("a--b"));
    }

    [Theory]
    [InlineData("environ-\nment", "environment")]
    [InlineData("environ-\r\nment", "environment")]
    [InlineData("environ- \n   ment", "environment")]
    [InlineData("environ\u00AD\nment", "environment")]
    [InlineData("environ\u00ADment", "environment")]
    [InlineData("environ¬\nment", "environment")]
    public void HyphenatedLineBreaksAreJoined(string text, string normal)
    {
        var token = Assert.Single(TextNormalizer.Tokenize(text));
        Assert.Equal(normal, token.Normal);
        Assert.Equal(text, token.Text);
        Assert.Equal(0, token.Start);
        Assert.Equal(text.Length, token.Length);
    }

    [Fact]
    public void HyphenBeforeBlankLineOrNonLetterIsNotJoined()
    {
        Assert.Equal(["self", "control"], Normals("self-\n\ncontrol"));
        Assert.Equal(["pre", "1900"], Normals("pre-\n1900"));
        Assert.Equal(["end"], Normals("end-\n"));
        Assert.Equal(["x", "y"], Normals("x- y"));
    }

    [Fact]
    public void JoinedWordKeepsLaterTokenOffsetsRight()
    {
        const string text = "The environ-\nment is clean";
        var tokens = TextNormalizer.Tokenize(text);
        Assert.Equal(["the", "environment", "is", "clean"], tokens.Select(t => t.Normal));
        Assert.Equal(text.IndexOf("is", StringComparison.Ordinal), tokens[2].Start);
    }

    [Fact]
    public void NumbersKeepDecimalsPercentAndCurrencyAndDropThousandsSeparators()
    {
        Assert.Equal(["1455"], Normals("1455"));
        Assert.Equal(["1000", "1234567"], Normals("1,000 1,234,567"));
        Assert.Equal(["3.5"], Normals("3.5"));
        Assert.Equal(["20%"], Normals("20%"));
        Assert.Equal(["$5.50"], Normals("$5.50"));
        Assert.Equal(["1st", "22nd", "1990s"], Normals("1st, 22nd; 1990s."));
        Assert.Equal(["1", "2", "3"], Normals("1,2,3"));
        Assert.Equal(["1455", "then"], Normals("1455.Then"));
        Assert.Equal(["10", "30"], Normals("10:30"));
    }

    [Fact]
    public void PercentClosesTheNumber()
    {
        var tokens = TextNormalizer.Tokenize("20%off");
        Assert.Equal(["20%", "off"], tokens.Select(t => t.Normal));
        Assert.Equal("20%", tokens[0].Text);
    }

    [Fact]
    public void AmpersandIsAWordOfItsOwn() => Assert.Equal(["rock", "&", "roll"], Normals("rock&roll"));

    [Fact]
    public void DiacriticsAndOtherScriptsAreKept() =>
        Assert.Equal(["café", "naïve", "привет", "日本語"], Normals("Café NAÏVE привет 日本語"));

    [Fact]
    public void FoldQuotesKeepsLength()
    {
        const string text = "“Don’t” ‘go’";
        var folded = TextNormalizer.FoldQuotes(text);
        Assert.Equal("\"Don't\" 'go'", folded);
        Assert.Equal(text.Length, folded.Length);
    }
}
