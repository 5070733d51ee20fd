namespace Earshot.Engines.Tests.Tesseract;

public sealed class CharacterErrorRateTests
{
    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("abc", "abc", 0)]
    [InlineData("flaw", "lawn", 2)]
    public void Distance_is_the_levenshtein_distance(string a, string b, int expected) =>
        Assert.Equal(expected, CharacterErrorRate.Distance(a, b));

    [Fact]
    public void Whitespace_differences_do_not_count() =>
        Assert.Equal(0, CharacterErrorRate.Compute("two  lines\nof text\n", " two lines of\ttext"));

    [Fact]
    public void Rate_is_relative_to_the_reference_length() =>
        Assert.Equal(0.25, CharacterErrorRate.Compute("abcd", "abXd"), 6);
}
