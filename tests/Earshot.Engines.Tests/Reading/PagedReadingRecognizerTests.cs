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
/// never used to train or tune anything): two adults' sentences joined, cut into stretches of at most 5 s so that a
/// short page takes the same path as a long one.
/// </summary>
public sealed class PagedReadingRecognizerTests(PagedReadingFixture fixture) : IClassFixture<PagedReadingFixture>
{
    private static readonly (string File, string Text)[] Sentences =
    [
        ("audio/009810029.flac", "HUMAN ERROR CAN ALSO BE A FACTOR"),
        ("audio/009810073.flac", "BUT IT'S JUST A MATTER OF TIME"),
    ];

    private static readonly PageReadingOptions Short = new() { WholeSeconds = 5, MinStretchSeconds = 2, MaxStretchSeconds = 5 };

    private static string Text => string.Join(' ', Sentences.Select(s => s.Text));

    private ClassifiedReadingRecognizer Sentence => new(fixture.Joint);

    private PagedReadingRecognizer Paged(PageReadingOptions options) => new(Sentence, fixture.Vad, options);

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

    [Fact]
    public async Task A_page_gets_the_verdicts_its_sentences_get_alone_with_its_words_in_reading_order()
    {
        var cancel = TestContext.Current.CancellationToken;
        var audio = await PageAsync();

        var page = (await Paged(Short).HearAsync(audio, Text, cancel)).Assess(Text);
        var alone = new List<ReadingStatus>();
        foreach (var (file, text) in Sentences)
        {
            var sentence = await SpeechAudio.LoadAsync(RepositoryPaths.Speakers(file));
            alone.AddRange((await Sentence.HearAsync(new AudioBuffer([.. sentence.Samples]), text, cancel)).Assess(text).Words.Select(w => w.Status));
        }

        Assert.Equal(14, page.Words.Count);
        var differing = page.Words.Where(w => w.Status != alone[w.Index]).Select(w => $"{w.Text}: {w.Status} vs {alone[w.Index]}").ToList();
        Assert.True(differing.Count <= 1, string.Join(", ", differing));
        // each sentence's words lie in its own recording (the first ends at 3.95 s)
        Assert.All(page.Words.Take(7).Where(w => w.End is not null), w => Assert.True(w.End <= 4.1, $"{w.Text} at {w.Start}–{w.End}"));
        var second = page.Words.Skip(7).Where(w => w.Start is not null).ToList();
        Assert.NotEmpty(second);
        Assert.All(second, w => Assert.True(w.Start >= 3.8, $"{w.Text} at {w.Start}–{w.End}"));
    }

    [Fact]
    public async Task A_misread_word_in_the_second_stretch_is_found_at_its_place()
    {
        var cancel = TestContext.Current.CancellationToken;
        var audio = await PageAsync();
        var altered = Text.Replace("MATTER", "ELEPHANT", StringComparison.Ordinal);

        var assessment = (await Paged(Short).HearAsync(audio, altered, cancel)).Assess(altered);

        var word = assessment.Words[11];
        Assert.Equal(("ELEPHANT", ReadingStatus.Substitution), (word.Text, word.Status));
        Assert.True(word.Start >= 3.8, $"placed at {word.Start}");
    }

    [Fact]
    public async Task A_word_never_said_where_the_page_is_cut_is_found_omitted()
    {
        var cancel = TestContext.Current.CancellationToken;
        var audio = await PageAsync();
        // the cut falls in the pause between the two sentences, where the word would have been read
        var altered = Text.Replace("FACTOR BUT", "FACTOR GARDEN BUT", StringComparison.Ordinal);

        var assessment = (await Paged(Short).HearAsync(audio, altered, cancel)).Assess(altered);

        Assert.Equal(("GARDEN", ReadingStatus.Omission), (assessment.Words[7].Text, assessment.Words[7].Status));
    }

    [Fact]
    public async Task Cancelling_a_long_reading_stops_its_native_decodes()
    {
        var cancel = TestContext.Current.CancellationToken;
        var audio = await PageAsync(times: 12); // 94 s: minutes of decoding in one piece
        using var request = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);

        // the sentence-level method on the whole recording: every decode it starts runs over all of it
        var hearing = Sentence.HearAsync(audio, string.Join(' ', Enumerable.Repeat(Text, 12)), request.Token);
        while ((fixture.Recognizer.DecodersInUse == 0 || fixture.Joint.DecodersInUse == 0) && !hearing.IsCompleted && DateTime.UtcNow < deadline)
            await Task.Delay(20, cancel);
        await request.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hearing);
        // the decodes themselves stop (each pool holds one decoder, so a decode left running would keep it)
        var stopBy = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while ((fixture.Recognizer.DecodersInUse > 0 || fixture.Joint.DecodersInUse > 0) && DateTime.UtcNow < stopBy)
            await Task.Delay(20, cancel);
        Assert.Equal((0, 0), (fixture.Recognizer.DecodersInUse, fixture.Joint.DecodersInUse));
    }
}
