using Earshot.Engines.PocketSphinx;
using Earshot.Engines.Reading;
using Earshot.Engines.Tests.PocketSphinx;

namespace Earshot.Engines.Tests.Reading;

/// <summary>One joint reading recogniser (its own small decoder pools) for the tests of this class.</summary>
public sealed class JointReadingFixture : IDisposable
{
    private readonly PocketSphinxRecognizer recognizer = new(new PocketSphinxOptions { PoolSize = 1 });

    public JointReadingFixture() => Joint = new JointReadingRecognizer(recognizer, JointReadingOptions.Default with { PoolSize = 1 });

    public JointReadingRecognizer Joint { get; }

    public void Dispose()
    {
        Joint.Dispose();
        recognizer.Dispose();
    }
}

/// <summary>The joint reading grammar (word | phone loop | skip per reference word) on a real LibriSpeech recording.</summary>
public sealed class JointReadingRecognizerTests(JointReadingFixture fixture) : IClassFixture<JointReadingFixture>
{
    private const string Captain = "CAPTAIN FRERE SAYS THAT THE SCENERY IS DELIGHTFUL";

    private static Task<Earshot.Sdk.Models.AudioBuffer> Audio() => SpeechAudio.LoadAsync(PocketSphinxFixture.Captain);

    [Fact]
    public async Task A_correct_reading_has_no_errors()
    {
        var assessment = await fixture.Joint.AssessAsync(await Audio(), Captain, TestContext.Current.CancellationToken);

        Assert.Equal(8, assessment.Words.Count);
        Assert.Empty(assessment.Errors);
        Assert.Empty(assessment.Insertions);
        Assert.Equal(100, assessment.Scores.Accuracy);
    }

    [Fact]
    public async Task A_misread_word_and_a_never_said_word_get_their_own_statuses_and_leave_the_neighbours_alone()
    {
        // "scenery" replaced by another real word, and "fine" (never said) added before "delightful"
        const string altered = "CAPTAIN FRERE SAYS THAT THE ORCHESTRA IS FINE DELIGHTFUL";

        var assessment = await fixture.Joint.AssessAsync(await Audio(), altered, TestContext.Current.CancellationToken);

        Assert.Equal(
            [ReadingStatus.Correct, ReadingStatus.Correct, ReadingStatus.Correct, ReadingStatus.Correct, ReadingStatus.Correct,
             ReadingStatus.Substitution, ReadingStatus.Correct, ReadingStatus.Omission, ReadingStatus.Correct],
            assessment.Words.Select(w => w.Status));
        var misread = assessment.Words[5];
        Assert.NotNull(misread.Start);
        Assert.True(misread.End > misread.Start);
        Assert.Null(assessment.Words[7].Start);
        // the words around the gap keep their own timing: "is" ends before "delightful" starts
        Assert.True(assessment.Words[6].End <= assessment.Words[8].Start);
    }

    [Fact]
    public async Task A_word_missing_from_the_reference_is_an_insertion_before_the_next_word()
    {
        const string shorter = "CAPTAIN FRERE THAT THE SCENERY IS DELIGHTFUL"; // "says" was read but is not in the text

        var assessment = await fixture.Joint.AssessAsync(await Audio(), shorter, TestContext.Current.CancellationToken);

        Assert.Empty(assessment.Errors);
        var extra = Assert.Single(assessment.Insertions);
        Assert.Equal(2, extra.BeforeIndex);
        Assert.Equal(ReadingStatus.Insertion, extra.Status);
    }

    [Fact]
    public async Task With_the_GOP_second_opinion_the_planted_errors_keep_their_statuses()
    {
        const string altered = "CAPTAIN FRERE SAYS THAT THE ORCHESTRA IS FINE DELIGHTFUL";
        var combined = fixture.Joint.With(JointReadingOptions.Default with { Gop = GopSecondOpinion.BothMustFlagGopTypes });

        var assessment = await combined.AssessAsync(await Audio(), altered, TestContext.Current.CancellationToken);

        Assert.Equal("joint+gop", combined.Name);
        Assert.Equal([(5, ReadingStatus.Substitution), (7, ReadingStatus.Omission)], assessment.Errors.Select(e => (e.Index, e.Status)));
        Assert.Empty((await combined.AssessAsync(await Audio(), Captain, TestContext.Current.CancellationToken)).Errors);
    }
}
