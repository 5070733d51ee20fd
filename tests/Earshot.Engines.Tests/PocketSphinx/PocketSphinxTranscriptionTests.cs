using Earshot.Sdk;
using Earshot.Sdk.Models;

namespace Earshot.Engines.Tests.PocketSphinx;

public class PocketSphinxTranscriptionTests(PocketSphinxFixture fixture)
{
    private static readonly TranscribeOptions Defaults = new();

    [Fact]
    public async Task JfkTranscriptContainsMostContentWords()
    {
        var transcript = await fixture.JfkTranscript;

        var words = transcript.Words.Select(w => w.Word).ToHashSet();
        string[] expected = ["fellow", "americans", "country", "your", "ask"];
        Assert.True(expected.Count(words.Contains) >= 3, $"\"{transcript.Text}\"");
    }

    [Theory]
    [InlineData(PocketSphinxFixture.Captain, new[] { "captain", "says", "scenery", "delightful" })]
    [InlineData(PocketSphinxFixture.Kittens, new[] { "two", "stray", "kittens", "themselves", "home" })]
    public async Task TranscriptContainsMostContentWords(string file, string[] expected)
    {
        var audio = await SpeechAudio.LoadAsync(file);

        var transcript = await fixture.Recognizer.TranscribeAsync(audio, Defaults, TestContext.Current.CancellationToken);

        var words = transcript.Words.Select(w => w.Word).ToHashSet();
        var found = expected.Count(words.Contains);
        Assert.True(found >= expected.Length - 2, $"Only {found} of [{string.Join(", ", expected)}] in \"{transcript.Text}\"");
        Assert.Equal(string.Join(' ', transcript.Words.Select(w => w.Word)), transcript.Text);
    }

    [Fact]
    public async Task WordsAreOrderedTimedInsideTheAudioAndFreeOfMarkup()
    {
        var audio = await SpeechAudio.LoadAsync(PocketSphinxFixture.Jfk);

        var transcript = await fixture.JfkTranscript;

        Assert.True(transcript.Words.Count >= 10, transcript.Text);
        RecognizedWord? previous = null;
        foreach (var word in transcript.Words)
        {
            Assert.InRange(word.Start, 0, audio.DurationSeconds);
            Assert.InRange(word.End, word.Start, audio.DurationSeconds);
            Assert.InRange(word.Confidence, 0, 1);
            Assert.DoesNotMatch(@"^[<\[]|\(\d+\)$", word.Word);
            if (previous is not null)
                Assert.True(word.Start >= previous.End - 1e-9, $"{word} starts before {previous} ends");
            previous = word;
        }
        Assert.Contains(transcript.Words, w => w.Confidence > 0.5);
        Assert.Contains(transcript.Words, w => w.Confidence < 0.99);
    }

    [Fact]
    public async Task WordTimesMatchWhereTheWordsAreSpoken()
    {
        // JFK says "... for your country" at about 10.0–10.5 s and "fellow Americans" at about 1.2–2.2 s, after pauses
        // the decoder must not squeeze out of the time line.
        var transcript = await fixture.JfkTranscript;

        var country = transcript.Words.Last(w => w.Word == "country");
        Assert.InRange(country.Start, 9.7, 10.3);
        Assert.InRange(country.End, 10.2, 10.8);
        var fellow = transcript.Words.First(w => w.Word == "fellow");
        Assert.InRange(fellow.Start, 1.0, 1.5);
    }

    [Fact]
    public async Task PausesSplitTheTranscriptIntoSegments()
    {
        var transcript = await fixture.JfkTranscript;

        Assert.InRange(transcript.Segments.Count, 3, 6);
        for (var i = 1; i < transcript.Segments.Count; i++)
            Assert.True(transcript.Segments[i].Start - transcript.Segments[i - 1].End >= 0.3, "segments should be separated by a pause");
        Assert.Equal(transcript.Text, string.Join(' ', transcript.Segments.Select(s => s.Text)));
        Assert.Equal(transcript.Segments[0].Start, transcript.Words[0].Start);
        Assert.Equal(transcript.Segments[^1].End, transcript.Words[^1].End);
    }

    [Fact]
    public async Task DigitalSilenceGivesAnEmptyTranscript()
    {
        var transcript = await fixture.Recognizer.TranscribeAsync(SpeechAudio.Silence(3), Defaults, TestContext.Current.CancellationToken);

        Assert.Same(Transcript.Empty, transcript);
        Assert.Same(Transcript.Empty, await fixture.Recognizer.TranscribeAsync(new AudioBuffer([]), Defaults, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ConcurrentTranscriptionsEqualTheirSequentialResults()
    {
        string[] files = [PocketSphinxFixture.Captain, PocketSphinxFixture.Kittens, PocketSphinxFixture.Purchase, PocketSphinxFixture.YoungMan];
        var audio = await Task.WhenAll(files.Select(SpeechAudio.LoadAsync));
        var cancel = TestContext.Current.CancellationToken;

        var sequential = new List<Transcript>();
        foreach (var buffer in audio)
            sequential.Add(await fixture.Recognizer.TranscribeAsync(buffer, Defaults, cancel));
        var concurrent = await Task.WhenAll(audio.Select(buffer => Task.Run(() => fixture.Recognizer.TranscribeAsync(buffer, Defaults, cancel))));

        Assert.Equal(4, sequential.Select(t => t.Text).Distinct().Count());
        for (var i = 0; i < files.Length; i++)
        {
            Assert.NotEmpty(sequential[i].Words);
            Assert.Equal(sequential[i].Words, concurrent[i].Words);
        }
    }

    [Fact]
    public async Task AudioAtAnotherSampleRateIsRejected()
    {
        var audio = new AudioBuffer(new short[8000], 8000);

        await Assert.ThrowsAsync<ArgumentException>(() => fixture.Recognizer.TranscribeAsync(audio, Defaults, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task CancellationStopsALongDecodeAndLeavesTheRecognizerUsable()
    {
        var pieces = await Task.WhenAll(new[] { PocketSphinxFixture.Jfk, PocketSphinxFixture.Captain, PocketSphinxFixture.Kittens }.Select(SpeechAudio.LoadAsync));
        var longAudio = new AudioBuffer([.. Enumerable.Repeat(pieces, 4).SelectMany(p => p).SelectMany(p => p.Samples)]);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancellation.CancelAfter(TimeSpan.FromMilliseconds(300));

        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fixture.Recognizer.TranscribeAsync(longAudio, Defaults, cancellation.Token));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(longAudio.DurationSeconds / 4), $"cancellation took {watch.Elapsed}");

        var after = await fixture.Recognizer.TranscribeAsync(pieces[1], Defaults, TestContext.Current.CancellationToken);
        Assert.Contains("scenery", after.Text);
    }
}
