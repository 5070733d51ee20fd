using Earshot.Engines.PocketSphinx;
using Earshot.Engines.Reading;
using Earshot.Engines.SileroVad;
using Earshot.Engines.Tests.PocketSphinx;
using Earshot.Engines.Tests.SileroVad;
using Earshot.Sdk.Models;
using Earshot.Testing;

namespace Earshot.Engines.Tests.Reading;

/// <summary>One decoder per pool (so a decode left running would hold it) and the voice activity detector.</summary>
public sealed class PagedReadingFixture : IDisposable
{
    public PocketSphinxRecognizer Recognizer { get; } = new(new PocketSphinxOptions { PoolSize = 1 });

    public JointReadingRecognizer Joint { get; }

    public SileroVoiceActivityDetector Vad { get; } = new(new SileroVadOptions { ModelPath = SileroVadFixture.ModelPath });

    public PagedReadingFixture() => Joint = new JointReadingRecognizer(Recognizer, JointReadingOptions.Default with { PoolSize = 1 });

    public void Dispose()
    {
        Joint.Dispose();
        Recognizer.Dispose();
        Vad.Dispose();
    }
}

/// <summary>
/// The default reading method following a reader through a page, on held-out recordings (../shared/eval/speakers,
/// never used to train or tune anything): three adults' sentences joined, cut into stretches of at most 5 s so that a
/// short page exercises the same path as a long one.
/// </summary>
public sealed class PagedReadingRecognizerTests(PagedReadingFixture fixture) : IClassFixture<PagedReadingFixture>
{
    private static readonly (string File, string Text)[] Sentences =
    [
        ("audio/009810029.flac", "HUMAN ERROR CAN ALSO BE A FACTOR"),
        ("audio/009810073.flac", "BUT IT'S JUST A MATTER OF TIME"),
        ("audio/005630151.flac", "NOT FOR HIMSELF BUT FOR THE OTHERS"),
    ];

    private static readonly PageReadingOptions Short = new() { WholeSeconds = 5, MinStretchSeconds = 2, MaxStretchSeconds = 5 };

    private PagedReadingRecognizer Paged(PageReadingOptions options) => new(new ClassifiedReadingRecognizer(fixture.Joint), fixture.Vad, options);

    private static async Task<AudioBuffer> PageAsync(int times = 1)
    {
        var parts = new List<short>();
        for (var i = 0; i < times; i++)
        {
            foreach (var (file, _) in Sentences)
                parts.AddRange((await SpeechAudio.LoadAsync(RepositoryPaths.Speakers(file))).Samples);
        }
        return new AudioBuffer([.. parts]);
    }

    private static string Text => string.Join(' ', Sentences.Select(s => s.Text));

    [Fact]
    public async Task A_page_read_as_written_is_followed_stretch_by_stretch()
    {
        var audio = await PageAsync();

        var assessment = (await Paged(Short).HearAsync(audio, Text, TestContext.Current.CancellationToken)).Assess(Text);

        Assert.Equal(21, assessment.Words.Count);
        Assert.True(assessment.Errors.Count() <= 1, string.Join(", ", assessment.Errors.Select(e => $"{e.Text}->{e.Heard}")));
        // every word placed in reading order, in the part of the recording where it was said
        var ends = assessment.Words.Where(w => w.CountsAsCorrect).Select(w => w.End!.Value).ToList();
        Assert.Equal(ends.Order(), ends);
        Assert.InRange(assessment.Words[^1].Start!.Value, audio.DurationSeconds - 4, audio.DurationSeconds);
        Assert.InRange(assessment.Words[0].Start!.Value, 0, 1.5);
    }

    [Fact]
    public async Task A_misread_word_in_the_middle_of_the_page_is_found_there()
    {
        var audio = await PageAsync();
        var altered = Text.Replace("MATTER", "MONKEY", StringComparison.Ordinal);

        var assessment = (await Paged(Short).HearAsync(audio, altered, TestContext.Current.CancellationToken)).Assess(altered);

        var matter = Array.IndexOf(altered.Split(' '), "MONKEY");
        Assert.Equal(ReadingStatus.Substitution, assessment.Words[matter].Status);
        Assert.True(assessment.Errors.Count() <= 2, string.Join(", ", assessment.Errors.Select(e => $"{e.Text}->{e.Heard}")));
    }

    [Fact]
    public async Task Cancelling_a_long_page_stops_its_decoders()
    {
        var cancel = TestContext.Current.CancellationToken;
        var audio = await PageAsync(times: 6);
        using var request = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);

        var hearing = Paged(PageReadingOptions.Default).HearAsync(audio, string.Join(' ', Enumerable.Repeat(Text, 6)), request.Token);
        while (fixture.Recognizer.DecodersInUse == 0 && !hearing.IsCompleted && DateTime.UtcNow < deadline)
            await Task.Delay(20, cancel);
        await request.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hearing);
        // the decodes themselves stop (the pools hold one decoder each, so a decode left running would keep it)
        var stopBy = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while ((fixture.Recognizer.DecodersInUse > 0 || fixture.Joint.DecodersInUse > 0) && DateTime.UtcNow < stopBy)
            await Task.Delay(20, cancel);
        Assert.Equal((0, 0), (fixture.Recognizer.DecodersInUse, fixture.Joint.DecodersInUse));
    }
}
