using Earshot.Engines.PocketSphinx;
using Earshot.Sdk.Models;

namespace Earshot.Engines.Tests.PocketSphinx;

public class PocketSphinxSearchTests(PocketSphinxFixture fixture)
{
    [Fact]
    public async Task KeyphraseIsFoundWhereItIsSpokenAndAbsentOnesAreNot()
    {
        var audio = await SpeechAudio.LoadAsync(PocketSphinxFixture.Jfk);

        var spotting = await fixture.Recognizer.SpotKeyphrasesAsync(audio,
            [new Keyphrase("Fellow Americans"), new Keyphrase("banana split"), new Keyphrase("zorblax country")],
            TestContext.Current.CancellationToken);

        var hit = Assert.Single(spotting.Hits, h => h.Keyphrase == "Fellow Americans");
        Assert.InRange(hit.Start, 0.9, 1.6);   // spoken at about 1.2–2.2 s
        Assert.InRange(hit.End, 1.8, 2.6);
        Assert.InRange(hit.Confidence, 0, 1);
        Assert.DoesNotContain(spotting.Hits, h => h.Keyphrase == "banana split");
        var skipped = Assert.Single(spotting.Skipped);
        Assert.Equal("zorblax country", skipped.Keyphrase);
        Assert.Contains("zorblax", skipped.Reason);
    }

    [Fact]
    public async Task GrammarPicksTheSpokenSentenceAmongAlternatives()
    {
        var audio = await SpeechAudio.LoadAsync(PocketSphinxFixture.Kittens);
        const string grammar = """
            #JSGF V1.0;
            grammar reading;
            public <sentence> = the two stray kittens gradually make themselves at home
                              | the two grey cats suddenly make themselves at rest
                              | captain frere says that the scenery is delightful;
            """;

        var transcript = await fixture.Recognizer.TranscribeWithGrammarAsync(audio, grammar, TestContext.Current.CancellationToken);

        Assert.Equal("the two stray kittens gradually make themselves at home", transcript.Text);
        Assert.Equal(9, transcript.Words.Count);
        Assert.All(transcript.Words, w => Assert.InRange(w.End, w.Start, audio.DurationSeconds));
    }

    [Theory]
    [InlineData("#JSGF V1.0; grammar broken; public <s> = ( unclosed;")]
    [InlineData("#JSGF V1.0; grammar unknown; public <s> = captain zorblax;")]
    public async Task InvalidGrammarIsRejected(string grammar)
    {
        var audio = await SpeechAudio.LoadAsync(PocketSphinxFixture.Captain);

        await Assert.ThrowsAsync<ArgumentException>(() =>
            fixture.Recognizer.TranscribeWithGrammarAsync(audio, grammar, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task CustomLanguageModelLimitsTheVocabulary()
    {
        var audio = await SpeechAudio.LoadAsync(PocketSphinxFixture.Captain);
        using var model = TestLanguageModel.Create(["captain", "frere", "says", "that", "the", "scenery", "is", "delightful"]);

        var first = await fixture.Recognizer.TranscribeWithLanguageModelAsync(audio, model.Path, TestContext.Current.CancellationToken);
        var second = await fixture.Recognizer.TranscribeWithLanguageModelAsync(audio, model.Path, TestContext.Current.CancellationToken);

        Assert.All(first.Words, w => Assert.Contains(w.Word, model.Vocabulary));
        Assert.True(new[] { "captain", "scenery", "delightful", "says" }.Count(first.Text.Split(' ').Contains) >= 3, first.Text);
        Assert.DoesNotContain("for", first.Text.Split(' ')); // what the default model hears instead of "frere"
        Assert.Equal(first.Words.Select(w => w.Word), second.Words.Select(w => w.Word));
    }

    [Fact]
    public void UnknownWordsAreReported()
    {
        var unknown = fixture.Recognizer.FindUnknownWords(["Captain", "scenery", "zorblax", "qwghlm"]);

        Assert.Equal(["zorblax", "qwghlm"], unknown);
    }
}
