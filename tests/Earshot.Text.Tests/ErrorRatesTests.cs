using Earshot.Text;

namespace Earshot.Text.Tests;

public class ErrorRatesTests
{
    [Fact]
    public void WordErrorRateCountsEachKindOfError()
    {
        var rate = ErrorRates.WordErrorRate("the quick brown fox jumps", "the quack fox jumps high");
        Assert.Equal(new ErrorRate(1, 1, 1, 5), rate);
        Assert.Equal(3, rate.Errors);
        Assert.Equal(0.6, rate.Rate, 12);
    }

    [Fact]
    public void WordErrorRateIgnoresCasePunctuationAndNumberSpelling()
    {
        var rate = ErrorRates.WordErrorRate(
            "the earliest book printed with movable types, the Gutenberg, or “forty-two line Bible” of about fourteen fifty-five,",
            "The earliest book printed with movable types the gutenberg or 42 line bible of about 1455");
        Assert.Equal(0, rate.Errors);
        // "forty-two" and "fourteen fifty-five" are five reference words.
        Assert.Equal(19, rate.ReferenceLength);
    }

    [Fact]
    public void EmptyReferenceNeverDividesByZero()
    {
        Assert.Equal(0, ErrorRates.WordErrorRate("", "").Rate);
        Assert.Equal(new ErrorRate(0, 0, 2, 0), ErrorRates.WordErrorRate("...", "two words"));
        Assert.Equal(2, ErrorRates.WordErrorRate("", "two words").Rate);
        Assert.Equal(1, ErrorRates.WordErrorRate("two words", null).Rate);
    }

    [Fact]
    public void RatesAddUpToCorpusTotals()
    {
        var first = ErrorRates.WordErrorRate("a b c d", "a b c x");
        var second = ErrorRates.WordErrorRate("e f", "");
        var total = ErrorRate.Sum([first, second]);
        Assert.Equal(new ErrorRate(1, 2, 0, 6), total);
        Assert.Equal(0.5, total.Rate, 12);
        Assert.Equal(ErrorRate.Zero, ErrorRate.Sum([]));
    }

    [Fact]
    public void WordErrorRateOfAnAlignmentMatchesTheTextOverload()
    {
        var alignment = WordAligner.Align("one two three", "one too three four");
        Assert.Equal(ErrorRates.WordErrorRate("one two three", "one too three four"), ErrorRates.WordErrorRate(alignment));
    }

    [Theory]
    [InlineData("kitten", "sitting", 2, 0, 1, 6)]
    [InlineData("abc", "abc", 0, 0, 0, 3)]
    [InlineData("abc", "", 0, 3, 0, 3)]
    [InlineData("", "abc", 0, 0, 3, 0)]
    [InlineData("colour", "color", 0, 1, 0, 6)]
    public void CharacterErrorRateCountsCharacterEdits(string reference, string hypothesis, int s, int d, int i, int n) =>
        Assert.Equal(new ErrorRate(s, d, i, n), ErrorRates.CharacterErrorRate(reference, hypothesis));

    [Fact]
    public void CharacterErrorRateCountsSpacesBetweenWords()
    {
        // "a b c" → "a c": the word b and one space go.
        Assert.Equal(new ErrorRate(0, 2, 0, 5), ErrorRates.CharacterErrorRate("a b c", "a c"));
        // A split word gains one space.
        Assert.Equal(new ErrorRate(0, 0, 1, 8), ErrorRates.CharacterErrorRate("sunshine", "sun shine"));
    }

    [Fact]
    public void CharacterErrorRateNormalisesUnlessAskedNotTo()
    {
        Assert.Equal(0, ErrorRates.CharacterErrorRate("Hello, World!", "hello world").Errors);
        Assert.Equal(0, ErrorRates.CharacterErrorRate("in 1455", "in fourteen fifty five").Errors);

        var raw = ErrorRates.CharacterErrorRate("Hello,   World!", "hello World", normalize: false);
        Assert.Equal("Hello, World!".Length, raw.ReferenceLength);
        Assert.Equal(3, raw.Errors);
    }

    [Fact]
    public void CharacterErrorRateEqualsPlainEditDistanceOnRandomTexts()
    {
        var random = new Random(21);
        string[] words = ["a", "ab", "ba", "abc", "cab", "c"];
        for (var trial = 0; trial < 200; trial++)
        {
            var reference = string.Join(' ', Enumerable.Range(0, random.Next(1, 8)).Select(_ => words[random.Next(words.Length)]));
            var hypothesis = string.Join(' ', Enumerable.Range(0, random.Next(1, 8)).Select(_ => words[random.Next(words.Length)]));
            var rate = ErrorRates.CharacterErrorRate(reference, hypothesis);
            Assert.Equal(reference.Length, rate.ReferenceLength);
            Assert.Equal(ReferenceDistance.Levenshtein(reference, hypothesis), rate.Errors);

            // Past the size limit, anchoring on matching words may only over-count.
            var anchored = ErrorRates.CharacterErrorRate(reference, hypothesis, normalize: true, maxGlobalCells: 0);
            Assert.InRange(anchored.Errors, rate.Errors, reference.Length + hypothesis.Length);
        }
    }

    [Theory]
    [InlineData("the quick brwn fox jumps over the lazy dog")]
    [InlineData("the quick brown fox jumped over the lazy dog")]
    [InlineData("the quick brownfox jumps over a lazy dog")]
    public void AnchoredCountIsExactForIsolatedWordDifferences(string hypothesis)
    {
        const string reference = "the quick brown fox jumps over the lazy dog";
        var anchored = ErrorRates.CharacterErrorRate(reference, hypothesis, normalize: true, maxGlobalCells: 0);
        Assert.Equal(ReferenceDistance.Levenshtein(reference, hypothesis), anchored.Errors);
        Assert.Equal(anchored, ErrorRates.CharacterErrorRate(reference, hypothesis));
    }
}
