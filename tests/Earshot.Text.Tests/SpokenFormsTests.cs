using Earshot.Text;

namespace Earshot.Text.Tests;

public class SpokenFormsTests
{
    private static string[] Readings(string normal) => SpokenForms.Readings(normal).Select(r => string.Join(' ', r)).ToArray();

    [Theory]
    [InlineData(0, "zero")]
    [InlineData(7, "seven")]
    [InlineData(13, "thirteen")]
    [InlineData(40, "forty")]
    [InlineData(42, "forty two")]
    [InlineData(100, "one hundred")]
    [InlineData(105, "one hundred five")]
    [InlineData(1455, "one thousand four hundred fifty five")]
    [InlineData(2000, "two thousand")]
    [InlineData(1_000_001, "one million one")]
    [InlineData(3_000_200_010, "three billion two hundred thousand ten")]
    public void CardinalsAreSpelledAmericanStyle(long value, string expected) =>
        Assert.Equal(expected, string.Join(' ', NumberWords.Cardinal(value)));

    [Fact]
    public void BritishAndFollowsHundred()
    {
        Assert.Equal("one hundred and five", string.Join(' ', NumberWords.Cardinal(105, britishAnd: true)));
        Assert.Equal("one hundred", string.Join(' ', NumberWords.Cardinal(100, britishAnd: true)));
    }

    [Fact]
    public void CardinalRejectsOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NumberWords.Cardinal(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => NumberWords.Cardinal(NumberWords.MaxValue + 1));
    }

    [Fact]
    public void FourDigitNumbersReadAsYearsAndInHundreds()
    {
        var readings = Readings("1455");
        Assert.Contains("fourteen fifty five", readings);
        Assert.Contains("one thousand four hundred fifty five", readings);
        Assert.Contains("one thousand four hundred and fifty five", readings);
        Assert.Contains("fourteen hundred fifty five", readings);
        Assert.Contains("one four five five", readings);

        Assert.Contains("nineteen oh five", Readings("1905"));
        Assert.Contains("nineteen hundred", Readings("1900"));
        Assert.Contains("twenty nineteen", Readings("2019"));
        Assert.Contains("two thousand nineteen", Readings("2019"));
        Assert.DoesNotContain("twenty hundred nineteen", Readings("2019"));
        Assert.Equal(["two thousand", "two zero zero zero", "two oh oh oh"], Readings("2000"));
    }

    [Fact]
    public void SmallNumbersHaveOneReading() => Assert.Equal(["three"], Readings("3"));

    [Fact]
    public void LeadingZerosAreReadDigitByDigit() => Assert.Equal(["zero zero seven", "oh oh seven"], Readings("007"));

    [Theory]
    [InlineData("1st", "first")]
    [InlineData("2nd", "second")]
    [InlineData("3rd", "third")]
    [InlineData("5th", "fifth")]
    [InlineData("12th", "twelfth")]
    [InlineData("20th", "twentieth")]
    [InlineData("21st", "twenty first")]
    [InlineData("100th", "one hundredth")]
    public void OrdinalsAreSpelled(string normal, string expected) => Assert.Contains(expected, Readings(normal));

    [Fact]
    public void DecadesAndPluralsAreSpelled()
    {
        Assert.Contains("nineteen nineties", Readings("1990s"));
        Assert.Contains("nineties", Readings("90s"));
    }

    [Fact]
    public void PercentagesDecimalsAndMoneyAreSpelled()
    {
        Assert.Contains("twenty percent", Readings("20%"));
        Assert.Contains("twenty per cent", Readings("20%"));
        Assert.Contains("three point five", Readings("3.5"));
        Assert.Contains("point five", Readings("0.5"));
        Assert.Contains("two point five percent", Readings("2.5%"));
        Assert.Equal(["five dollars"], Readings("$5"));
        Assert.Equal(["one dollar"], Readings("$1"));
        Assert.Contains("five dollars fifty cents", Readings("$5.50"));
        Assert.Contains("five fifty", Readings("$5.50"));
        Assert.Contains("ten pounds", Readings("£10"));
    }

    [Fact]
    public void AbbreviationsHaveSpokenForms()
    {
        Assert.Equal(["mister"], Readings("mr"));
        Assert.Equal(["and"], Readings("&"));
        Assert.Contains("saint", Readings("st"));
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("don't")]
    [InlineData("mp3")]
    [InlineData("1.2.3")]
    [InlineData("")]
    public void OrdinaryWordsHaveNoReadings(string normal) => Assert.Empty(SpokenForms.Readings(normal));

    [Fact]
    public void ReadingsAreDistinctAndNeverTheTokenItself()
    {
        foreach (var normal in new[] { "1455", "2000", "21st", "$5.50", "20%", "007", "3.5" })
        {
            var readings = Readings(normal);
            Assert.Equal(readings.Length, readings.Distinct().Count());
            Assert.DoesNotContain(normal, readings);
        }
    }
}
