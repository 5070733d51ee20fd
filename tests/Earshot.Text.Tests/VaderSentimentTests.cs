using Earshot.Text.Sentiment;

namespace Earshot.Text.Tests;

public class VaderSentimentTests
{
    private static SentimentScores Score(string text) => VaderFixture.Vader.PolarityScores(text);

    /// <summary>Sentences and scores published with vader-sentiment 1.1.3 (README and tests/SentimentIntensityAnalyzer_tests.js).</summary>
    [Theory]
    [InlineData("VADER is smart, handsome, and funny.", 0.0, 0.254, 0.746, 0.8316)]
    [InlineData("VADER is not smart, handsome, nor funny.", 0.646, 0.354, 0.0, -0.7424)]
    [InlineData("VADER is smart, handsome, and funny!", 0.0, 0.248, 0.752, 0.8439)]
    [InlineData("VADER is very smart, handsome, and funny.", 0.0, 0.299, 0.701, 0.8545)]
    [InlineData("VADER is very smart, handsome, and funny", 0.0, 0.299, 0.701, 0.8545)]
    [InlineData("VADER is VERY SMART, handsome, and FUNNY.", 0.0, 0.246, 0.754, 0.9227)]
    [InlineData("VADER is VERY SMART, handsome, and FUNNY!!!", 0.0, 0.233, 0.767, 0.9342)]
    [InlineData("VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!", 0.0, 0.294, 0.706, 0.9469)]
    [InlineData("The book was good.", 0.0, 0.508, 0.492, 0.4404)]
    [InlineData("The book was kind of good.", 0.0, 0.657, 0.343, 0.3832)]
    [InlineData("The plot was good, but the characters are uncompelling and the dialog is not great.", 0.327, 0.579, 0.094, -0.7042)]
    [InlineData("At least it isn't a horrible book.", 0.0, 0.637, 0.363, 0.431)]
    [InlineData("Make sure you :) or :D today!", 0.0, 0.294, 0.706, 0.8633)]
    [InlineData("Today SUX!", 0.779, 0.221, 0.0, -0.5461)]
    public void PublishedExamplesScoreAsPublished(string text, double negative, double neutral, double positive, double compound)
    {
        var scores = Score(text);
        Assert.Equal(compound, Math.Round(scores.Compound, 4, MidpointRounding.AwayFromZero));
        Assert.Equal(negative, Math.Round(scores.Negative, 3, MidpointRounding.AwayFromZero));
        Assert.Equal(neutral, Math.Round(scores.Neutral, 3, MidpointRounding.AwayFromZero));
        Assert.Equal(positive, Math.Round(scores.Positive, 3, MidpointRounding.AwayFromZero));
    }

    /// <summary>Further sentences from the VADER paper/README scored with this lexicon version (values the npm package gives).</summary>
    [Theory]
    [InlineData("A really bad, horrible book.", -0.8211)]
    [InlineData("Today sux!!!", -0.5229)]
    [InlineData("Today sux", -0.3612)]
    [InlineData("Sentiment analysis has never been good.", -0.3412)]
    [InlineData("Sentiment analysis has never been this good!", 0.5672)]
    [InlineData("Most automated sentiment analysis tools are shit.", -0.5574)]
    [InlineData("With VADER, sentiment analysis is the shit!", 0.6476)]
    [InlineData("Other sentiment analysis tools can be quite bad.", -0.5849)]
    [InlineData("On the other hand, VADER is quite bad ass", 0.802)]
    [InlineData("Roger Dodger is one of the most compelling variations on this theme.", 0.2944)]
    [InlineData("Roger Dodger is at least compelling as a variation on the theme.", 0.2263)]
    [InlineData("Roger Dodger is a little compelling as a variation on the theme.", 0.1548)]
    [InlineData("Roger Dodger is hardly compelling as a variation on the theme.", 0.1548)]
    [InlineData("What a great day????", 0.7236)]
    [InlineData("Is this good??", 0.504)]
    [InlineData("I am not very happy.", -0.4964)]
    [InlineData("They live hand to mouth", 0.4939)]
    public void RulesMatchThePublishedPackage(string text, double compound) =>
        Assert.Equal(compound, Math.Round(Score(text).Compound, 4, MidpointRounding.AwayFromZero));

    [Fact]
    public void CapitalisedButAndNegationsWorkLikeLowerCase()
    {
        // The npm package misses "But" and "Not" (case-sensitive); the Python reference and this port do not.
        Assert.Equal(0.5249, Math.Round(Score("Today only kinda sux! But I'll get by, lol").Compound, 4));
        Assert.Equal(Score("not bad at all").Compound, Score("Not bad at all").Compound);
        Assert.True(Score("Not bad at all").Compound > 0);
    }

    [Fact]
    public void WithoutDoubtDoesNotNegate()
    {
        Assert.True(Score("without doubt a great movie").Compound > Score("a great movie").Compound - 0.5);
        Assert.True(Score("without doubt a great movie").Compound > 0.5);
        Assert.True(Score("without a great movie").Compound < 0);
    }

    [Fact]
    public void EachRuleMovesTheScoreTheRightWay()
    {
        var plain = Score("the food is good").Compound;
        Assert.True(Score("the food is very good").Compound > plain, "booster");
        Assert.True(Score("the food is slightly good").Compound < plain, "dampener");
        Assert.True(Score("the food is not good").Compound < 0, "negation");
        Assert.True(Score("the food isn't good").Compound < 0, "n't");
        Assert.True(Score("the food isn’t good").Compound < 0, "typographic n’t");
        Assert.True(Score("the food is GOOD today").Compound > Score("the food is good today").Compound, "caps in mixed case");
        Assert.Equal(Score("THE FOOD IS GOOD").Compound, Score("the food is good").Compound, 12);
        Assert.True(Score("the food is good!").Compound > plain, "exclamation");
        Assert.Equal(Score("the food is good!!!!").Compound, Score("the food is good!!!!!!!").Compound, 12);
        Assert.Equal(plain, Score("the food is good?").Compound, 12);
        Assert.True(Score("the food is good??").Compound > plain, "question marks");
        Assert.True(Score("the food is the least good").Compound < 0, "least");
    }

    [Fact]
    public void ButShiftsWeightToTheSecondClause()
    {
        var scores = Score("The food was great but the service was horrible");
        Assert.True(scores.Compound < 0);
        Assert.True(Score("The food was horrible but the service was great").Compound > 0);
    }

    [Fact]
    public void ProportionsSumToOne()
    {
        foreach (var text in new[] { "I love this!", "This is awful and terrible.", "The table is brown.", "good bad ugly" })
        {
            var s = Score(text);
            Assert.Equal(1.0, s.Negative + s.Neutral + s.Positive, 9);
            Assert.InRange(s.Compound, -1, 1);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a b c")]
    [InlineData(null)]
    public void TextWithoutWordsScoresZero(string? text) => Assert.Equal(SentimentScores.Empty, Score(text!));

    [Fact]
    public void NeutralTextIsFullyNeutral()
    {
        var scores = Score("The table is brown.");
        Assert.Equal(new SentimentScores(0, 1, 0, 0), scores);
        Assert.Equal(SentimentLabel.Neutral, scores.Label);
        Assert.Equal(SentimentLabel.Positive, Score("I love it").Label);
        Assert.Equal(SentimentLabel.Negative, Score("I hate it").Label);
    }

    [Fact]
    public void CompoundStaysBelowOneForExtremeText()
    {
        var scores = Score(string.Join(' ', Enumerable.Repeat("AMAZING wonderful", 40)) + "!!!!!!");
        Assert.InRange(scores.Compound, 0.99, 1.0);
    }

    [Fact]
    public void SentencesAreScoredSeparately()
    {
        var sentences = VaderFixture.Vader.ScoreSentences("The book was good. The ending was horrible! Mr. Smith agreed.");
        Assert.Equal(3, sentences.Count);
        Assert.Equal(0.4404, Math.Round(sentences[0].Scores.Compound, 4));
        Assert.True(sentences[1].Scores.Compound < 0);
        Assert.Equal("Mr. Smith agreed.", sentences[2].Sentence.Text);
    }
}
