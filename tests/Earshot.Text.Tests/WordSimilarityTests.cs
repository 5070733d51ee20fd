using Earshot.Text;

namespace Earshot.Text.Tests;

public class WordSimilarityTests
{
    [Theory]
    [InlineData("", "", 0)]
    [InlineData("", "abc", 3)]
    [InlineData("abc", "", 3)]
    [InlineData("colour", "color", 1)]
    [InlineData("theatre", "theater", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("ab", "ba", 1)]
    [InlineData("ca", "abc", 3)]
    public void DistanceCountsEditsWithAdjacentSwaps(string a, string b, int expected)
    {
        Assert.Equal(expected, WordSimilarity.Distance(a, b));
        Assert.Equal(expected, WordSimilarity.Distance(b, a));
    }

    [Fact]
    public void FastPathAgreesWithPlainTableOnRandomWords()
    {
        var random = new Random(11);
        string Word(int length) => new(Enumerable.Range(0, length).Select(_ => "abcé"[random.Next(4)]).ToArray());
        for (var trial = 0; trial < 3000; trial++)
        {
            var a = Word(random.Next(0, 80));
            var b = Word(random.Next(0, 80));
            Assert.Equal(ReferenceDistance(a, b), WordSimilarity.Distance(a, b));
        }
    }

    [Fact]
    public void DissimilarityIsScaledByTheLongerWord()
    {
        Assert.Equal(0, WordSimilarity.Dissimilarity("", ""));
        Assert.Equal(1.0 / 6, WordSimilarity.Dissimilarity("colour", "color"), 9);
        Assert.Equal(1, WordSimilarity.Dissimilarity("cat", "dog"));
    }

    private static int ReferenceDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
            d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++)
            d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
