using Earshot.Engines.PocketSphinx;
using Earshot.Engines.Reading;
using Earshot.Engines.Tests.PocketSphinx;

namespace Earshot.Engines.Tests.Reading;

/// <summary>Goodness-of-pronunciation reading assessment on real recordings with the Debian PocketSphinx model.</summary>
public sealed class GopReadingRecognizerTests(PocketSphinxFixture fixture)
{
    private const string Captain = "CAPTAIN FRERE SAYS THAT THE SCENERY IS DELIGHTFUL";

    private GopReadingRecognizer Gop => new(fixture.Recognizer);

    [Fact]
    public async Task A_word_that_was_said_scores_higher_than_a_wrong_word_on_the_same_audio()
    {
        var audio = await SpeechAudio.LoadAsync(PocketSphinxFixture.Captain);
        var gop = Gop;

        var right = await gop.ScoreAsync(audio, Captain, TestContext.Current.CancellationToken);
        var wrong = await gop.ScoreAsync(audio, "CAPTAIN FRERE SAYS THAT THE WEATHER IS DELIGHTFUL", TestContext.Current.CancellationToken);

        var said = right.Words[5];
        var misread = wrong.Words[5];
        Assert.NotNull(said);
        Assert.NotNull(misread);
        // both lie between the same neighbours, whose audio holds "scenery"
        Assert.InRange(misread.StartFrame, right.Words[4]!.StartFrame, said.EndFrame);
        Assert.InRange(misread.EndFrame, said.StartFrame, right.Words[6]!.EndFrame);
        Assert.True(said.Score > misread.Score + 1, $"scenery {said.Score:F2} vs weather {misread.Score:F2} nats/frame");
        Assert.True(said.Score >= GopOptions.Default.CorrectThreshold);
        Assert.True(misread.Score < GopOptions.Default.CorrectThreshold);
    }

    [Fact]
    public async Task A_correct_reading_has_no_errors()
    {
        var audio = await SpeechAudio.LoadAsync(PocketSphinxFixture.Captain);

        var heard = await Gop.HearAsync(audio, Captain, TestContext.Current.CancellationToken);
        var assessment = heard.Assess(Captain);

        Assert.Equal(8, assessment.Words.Count);
        Assert.Empty(assessment.Errors);
        Assert.DoesNotContain(assessment.Insertions, i => i.Status == ReadingStatus.Insertion);
        Assert.Equal(100, assessment.Scores.Accuracy);
    }

    [Fact]
    public async Task A_misread_word_is_a_substitution_at_its_index_and_nothing_else_is_flagged()
    {
        var audio = await SpeechAudio.LoadAsync(PocketSphinxFixture.Captain);
        const string altered = "CAPTAIN FRERE SAYS THAT THE ORCHESTRA IS DELIGHTFUL";

        var assessment = (await Gop.HearAsync(audio, altered, TestContext.Current.CancellationToken)).Assess(altered);

        var error = Assert.Single(assessment.Errors);
        Assert.Equal(5, error.Index);
        Assert.Equal(ReadingStatus.Substitution, error.Status);
        Assert.NotNull(error.Start);
    }

    [Fact]
    public async Task A_word_that_was_never_said_is_an_omission_at_its_index()
    {
        var audio = await SpeechAudio.LoadAsync(PocketSphinxFixture.Captain);
        const string longer = "CAPTAIN FRERE SAYS THAT THE BEAUTIFUL SCENERY IS DELIGHTFUL";

        var assessment = (await Gop.HearAsync(audio, longer, TestContext.Current.CancellationToken)).Assess(longer);

        var error = Assert.Single(assessment.Errors);
        Assert.Equal(5, error.Index);
        Assert.Equal(ReadingStatus.Omission, error.Status);
        Assert.Null(error.Start);
    }

    [Fact]
    public async Task Phone_loop_and_forced_alignment_cover_the_same_frames()
    {
        var audio = await SpeechAudio.LoadAsync(PocketSphinxFixture.Captain);
        var ct = TestContext.Current.CancellationToken;

        var phones = await fixture.Recognizer.DecodePhonesAsync(audio, PhoneLoop.Triphones, ct);
        var aligned = await fixture.Recognizer.AlignWithGrammarAsync(audio,
            "#JSGF V1.0;\ngrammar a;\npublic <s> = captain frere says that the scenery is delightful;\n", ct);

        // the phone segments tile the utterance without gaps, every one but possibly the first with a score
        Assert.True(phones.Segments.Count > 15);
        for (var i = 1; i < phones.Segments.Count; i++)
        {
            Assert.Equal(phones.Segments[i - 1].EndFrame + 1, phones.Segments[i].StartFrame);
            Assert.NotNull(phones.Segments[i].AcousticScore);
        }
        Assert.InRange(phones.Segments[^1].EndFrame, phones.FrameCount - 3, phones.FrameCount);
        Assert.Equal(["captain", "frere", "says", "that", "the", "scenery", "is", "delightful"],
            aligned.Segments.Where(s => !GopScoring.IsFiller(s.Label)).Select(s => s.Label.Split('(')[0]));
        Assert.All(aligned.Segments, s => Assert.True(s.AcousticScore < 0));
    }

    [Fact]
    public void A_compound_the_dictionary_lacks_is_read_as_two_words_it_has()
    {
        var tokens = Earshot.Text.TextNormalizer.Tokenize("the woodcutters and firetrucks saw qzxqzx");

        var words = GrammarReadingRecognizer.DictionaryWords(fixture.Recognizer, tokens);

        Assert.Equal(["the"], words[0]);
        Assert.Equal(["wood", "cutters"], words[1]);
        Assert.Equal(["and"], words[2]);
        Assert.Equal(["fire", "trucks"], words[3]);
        Assert.Equal(["saw"], words[4]);
        Assert.Equal(["qzxqzx"], words[5]); // no split into known words: stays unknown
        Assert.Empty(fixture.Recognizer.FindUnknownWords(words.Take(5).SelectMany(w => w)));
    }
}
