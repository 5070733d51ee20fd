using Earshot.Text;

namespace Earshot.Text.Tests;

public class SpellingVariantsTests
{
    [Theory]
    [InlineData("colour", "color")]
    [InlineData("colours", "colors")]
    [InlineData("favourite", "favorite")]
    [InlineData("honourable", "honorable")]
    [InlineData("neighbourhood", "neighborhood")]
    [InlineData("centre", "center")]
    [InlineData("theatres", "theaters")]
    [InlineData("metre", "meter")]
    [InlineData("fibre", "fiber")]
    [InlineData("realise", "realize")]
    [InlineData("organisation", "organization")]
    [InlineData("analyse", "analyze")]
    [InlineData("travelled", "traveled")]
    [InlineData("cancelling", "canceling")]
    [InlineData("catalogue", "catalog")]
    [InlineData("dialogues", "dialogs")]
    [InlineData("encyclopaedia", "encyclopedia")]
    [InlineData("haemoglobin", "hemoglobin")]
    [InlineData("grey", "gray")]
    [InlineData("defence", "defense")]
    [InlineData("programme", "program")]
    [InlineData("manoeuvre", "maneuver")]
    public void BritishSpellingsFoldOntoAmerican(string british, string american) =>
        Assert.Equal(SpellingVariants.Canonical(american), SpellingVariants.Canonical(british));

    [Theory]
    [InlineData("four", "for")]
    [InlineData("hour", "hor")]
    [InlineData("acre", "acer")]
    [InlineData("timbre", "timber")]
    [InlineData("filled", "filed")]
    [InlineData("spelled", "speled")]
    [InlineData("though", "through")]
    [InlineData("rise", "rize")]
    [InlineData("shoe", "she")]
    public void DifferentWordsStayDifferent(string a, string b) =>
        Assert.NotEqual(SpellingVariants.Canonical(a), SpellingVariants.Canonical(b));

    [Theory]
    [InlineData("the")]
    [InlineData("genre")]
    [InlineData("there")]
    [InlineData("your")]
    [InlineData("")]
    public void OrdinaryWordsAreUnchanged(string word) => Assert.Equal(word, SpellingVariants.Canonical(word));
}
