using Earshot.Engines.Reading;
using Earshot.Engines.Tests.PocketSphinx;

namespace Earshot.Engines.Tests.Reading;

/// <summary>The shipped reading classifier over the GOP and joint decodes of a real LibriSpeech recording.</summary>
public sealed class ClassifiedReadingRecognizerTests(JointReadingFixture fixture) : IClassFixture<JointReadingFixture>
{
    private const string Captain = "CAPTAIN FRERE SAYS THAT THE SCENERY IS DELIGHTFUL";

    private ClassifiedReadingRecognizer Classified => new(fixture.Joint);

    private static Task<Earshot.Sdk.Models.AudioBuffer> Audio() => SpeechAudio.LoadAsync(PocketSphinxFixture.Captain);

    [Fact]
    public async Task A_correct_reading_has_no_errors()
    {
        var heard = await Classified.HearAsync(await Audio(), Captain, TestContext.Current.CancellationToken);
        var assessment = heard.Assess(Captain);

        Assert.Equal("classifier", Classified.Name);
        Assert.Equal(8, assessment.Words.Count);
        Assert.Empty(assessment.Errors);
        Assert.All(assessment.Words, w => Assert.True(w.End > w.Start));
    }

    /// <summary>Recordings the classifier never saw (../shared/eval/speakers: adults reading English as a second
    /// language; never used to train or tune anything), unlike the Captain recording above, which it was trained on.</summary>
    [Theory]
    [InlineData("audio/001200015.flac", "WE WERE FORTUNATE TO GET BACK INTO THE BALL GAME")]
    [InlineData("audio/004570010.flac", "AFTER ALL THEY ONLY HAVE THEY OWN PROPERTY AT RISK")]
    public async Task A_held_out_reading_as_written_has_no_errors(string file, string text)
    {
        var audio = await SpeechAudio.LoadAsync(Earshot.Testing.RepositoryPaths.Speakers(file));

        var assessment = (await Classified.HearAsync(audio, text, TestContext.Current.CancellationToken)).Assess(text);

        Assert.Empty(assessment.Errors.Select(e => $"{e.Text}->{e.Heard}"));
    }

    [Fact]
    public async Task A_misread_word_in_a_held_out_recording_is_found_and_the_rest_stays_correct()
    {
        var audio = await SpeechAudio.LoadAsync(Earshot.Testing.RepositoryPaths.Speakers("audio/001200015.flac"));
        const string altered = "WE WERE ELEPHANT TO GET BACK INTO THE BALL GAME";

        var assessment = (await Classified.HearAsync(audio, altered, TestContext.Current.CancellationToken)).Assess(altered);

        var error = Assert.Single(assessment.Errors);
        Assert.Equal((2, ReadingStatus.Substitution), (error.Index, error.Status));
    }

    [Fact]
    public async Task A_misread_word_is_found_and_its_neighbours_stay_correct()
    {
        const string altered = "CAPTAIN FRERE SAYS THAT THE ORCHESTRA IS DELIGHTFUL";

        var assessment = (await Classified.HearAsync(await Audio(), altered, TestContext.Current.CancellationToken)).Assess(altered);

        var error = Assert.Single(assessment.Errors);
        Assert.Equal((5, ReadingStatus.Substitution), (error.Index, error.Status));
        Assert.True(error.End > error.Start);
        Assert.Equal(87.5, assessment.Scores.Accuracy);
    }

    [Fact]
    public async Task A_misread_word_and_a_never_said_word_get_their_own_statuses()
    {
        const string altered = "CAPTAIN FRERE SAYS THAT THE ORCHESTRA IS FINE DELIGHTFUL";

        var assessment = (await Classified.HearAsync(await Audio(), altered, TestContext.Current.CancellationToken)).Assess(altered);

        Assert.Equal([(5, ReadingStatus.Substitution), (7, ReadingStatus.Omission)], assessment.Errors.Select(e => (e.Index, e.Status)));
        Assert.NotNull(assessment.Words[5].Start);
        Assert.Null(assessment.Words[7].Start);
    }

    [Fact]
    public async Task Words_after_the_reader_stopped_are_omitted_and_silence_omits_every_word()
    {
        var cancel = TestContext.Current.CancellationToken;
        var captain = await Audio();
        var random = new Random(1);
        // the recording goes on for 3 s of faint noise after "delightful"; the page went on too
        var stopped = new Earshot.Sdk.Models.AudioBuffer([.. captain.Samples, .. Enumerable.Range(0, 48_000).Select(_ => (short)random.Next(-30, 31))]);
        const string page = Captain + " THE TWO STRAY KITTENS GRADUALLY MAKE THEMSELVES AT HOME";
        var silence = new Earshot.Sdk.Models.AudioBuffer(new short[32_000]);

        var read = (await Classified.HearAsync(stopped, page, cancel)).Assess(page);
        var silent = (await Classified.HearAsync(silence, "the cat sat on the mat", cancel)).Assess("the cat sat on the mat");

        Assert.All(read.Words.Take(8), w => Assert.True(w.CountsAsCorrect, $"{w.Text} was read"));
        Assert.All(read.Words.Skip(8), w => Assert.Equal(ReadingStatus.Omission, w.Status));
        Assert.All(silent.Words, w => Assert.Equal(ReadingStatus.Omission, w.Status));
    }

    [Fact]
    public async Task Every_word_gets_one_value_per_named_feature()
    {
        const string altered = "CAPTAIN FRERE SAYS THAT THE ORCHESTRA IS FINE DELIGHTFUL";

        var (scoring, _, features) = await Classified.EvidenceAsync(await Audio(), altered, TestContext.Current.CancellationToken);

        Assert.Equal(scoring.PlainAssessment.Words.Count, features.Length);
        Assert.All(features, f => Assert.Equal(WordEvidence.Names.Count, f.Length));
        Assert.All(features, f => Assert.Equal(1, f[0]));
        Assert.All(features.SelectMany(f => f), v => Assert.True(double.IsFinite(v)));
        // "fine" was never said: no plain-decode word matches it
        Assert.Equal(0, features[7][WordEvidence.Names.ToList().IndexOf("plain_correct")]);
        Assert.Equal(1, features[0][WordEvidence.Names.ToList().IndexOf("plain_correct")]);
    }

    [Fact]
    public async Task A_never_said_word_is_still_force_aligned_to_the_end_and_reported_omitted()
    {
        // with the library's beams the strict alignment of this reference gives up (PocketSphinxPoolTests)
        const string altered = "CAPTAIN FRERE SAYS THAT THE WORLD SCENERY IS DELIGHTFUL";

        var (scoring, _, features) = await Classified.EvidenceAsync(await Audio(), altered, TestContext.Current.CancellationToken);
        var assessment = (await Classified.HearAsync(await Audio(), altered, TestContext.Current.CancellationToken)).Assess(altered);

        Assert.All(scoring.Words, w => Assert.NotNull(w));
        Assert.All(features, f => Assert.Equal(0, f[WordEvidence.Names.ToList().IndexOf("strict_missing")]));
        Assert.Equal([(5, ReadingStatus.Omission)], assessment.Errors.Select(e => (e.Index, e.Status)));
    }
}
