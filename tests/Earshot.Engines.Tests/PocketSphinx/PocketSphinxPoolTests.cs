using Earshot.Engines.Reading;
using Earshot.Engines.PocketSphinx;
using Earshot.Sdk.Models;
using Earshot.Testing;

namespace Earshot.Engines.Tests.PocketSphinx;

/// <summary>A recogniser with a single decoder, so every call is known to land on the same native decoder.</summary>
public sealed class SingleDecoderFixture : IDisposable
{
    public PocketSphinxRecognizer Recognizer { get; } = new(new PocketSphinxOptions { PoolSize = 1 });

    public void Dispose() => Recognizer.Dispose();
}

public sealed class PocketSphinxPoolTests(SingleDecoderFixture fixture) : IClassFixture<SingleDecoderFixture>
{
    private PocketSphinxRecognizer Recognizer => fixture.Recognizer;

    [Fact]
    public async Task SearchSwitchesAreUndoneBeforeTheDecoderIsReused()
    {
        var cancel = TestContext.Current.CancellationToken;
        var captain = await SpeechAudio.LoadAsync(PocketSphinxFixture.Captain);
        var baseline = await Recognizer.TranscribeAsync(captain, new TranscribeOptions(), cancel);

        using var model = TestLanguageModel.Create(["captain", "scenery"]);
        var limited = await Recognizer.TranscribeWithLanguageModelAsync(captain, model.Path, cancel);
        await Recognizer.SpotKeyphrasesAsync(captain, [new Keyphrase("scenery")], cancel);
        await Recognizer.TranscribeWithGrammarAsync(captain, "#JSGF V1.0; grammar g; public <s> = hello world;", cancel);
        await Assert.ThrowsAsync<ArgumentException>(() => Recognizer.TranscribeWithGrammarAsync(captain, "not a grammar", cancel));
        var again = await Recognizer.TranscribeAsync(captain, new TranscribeOptions(), cancel);

        Assert.Contains("scenery", baseline.Text);
        Assert.Equal(baseline.Words, again.Words);
        Assert.NotEqual(baseline.Text, limited.Text);
        Assert.Single(Recognizer.DecoderLoadTimes);
    }

    [Fact]
    public async Task AStreamHoldsTheDecoderOnlyWhileAnUtteranceIsOpen()
    {
        var cancel = TestContext.Current.CancellationToken;
        var captain = await SpeechAudio.LoadAsync(PocketSphinxFixture.Captain);
        using var stream = Recognizer.OpenStream(new TranscribeOptions());
        stream.Accept(captain.Samples.AsSpan(0, 16000)); // mid-sentence: the only decoder is on loan

        var waiting = Recognizer.TranscribeAsync(captain, new TranscribeOptions(), cancel);
        await Eventually.HoldsAsync(() => Recognizer.WaitingForDecoder == 1, TimeSpan.FromSeconds(60), "the transcription waiting for the decoder");
        Assert.False(waiting.IsCompleted);

        var ended = stream.Accept(captain.Samples.AsSpan(16000)).Concat(stream.Accept(new short[16000])).ToList(); // the rest, then 1 s of silence
        Assert.Contains("scenery", string.Join(' ', ended.Select(t => t.Text)));
        var transcript = await waiting.WaitAsync(TimeSpan.FromSeconds(30), cancel); // the stream is still open
        Assert.Contains("scenery", transcript.Text);

        var again = stream.Accept(captain.Samples).Concat([stream.Finish()]);
        Assert.Contains("scenery", string.Join(' ', again.Select(t => t.Text)));
        Assert.Single(Recognizer.DecoderLoadTimes);
    }

    [Fact]
    public async Task ADecodeDoesNotDependOnWhatTheDecoderDecodedBefore()
    {
        var cancel = TestContext.Current.CancellationToken;
        var captain = await SpeechAudio.LoadAsync(PocketSphinxFixture.Captain);
        var kittens = await SpeechAudio.LoadAsync(PocketSphinxFixture.Kittens);
        const string grammar = "#JSGF V1.0;\ngrammar g;\npublic <s> = captain frere says that the scenery is delightful;\n";
        const string other = "#JSGF V1.0;\ngrammar g;\npublic <s> = the two stray kittens gradually make themselves at home;\n";

        var first = await Recognizer.AlignWithGrammarAsync(captain, grammar, cancel);
        var firstLoop = await Recognizer.DecodePhonesAsync(captain, PhoneLoop.Triphones, cancel);
        await Recognizer.DecodePhonesAsync(kittens, PhoneLoop.Triphones, cancel);
        await Recognizer.TranscribeAsync(kittens, new TranscribeOptions(), cancel);
        await Recognizer.AlignWithGrammarAsync(kittens, other, cancel);
        var again = await Recognizer.AlignWithGrammarAsync(captain, grammar, cancel);
        await Recognizer.AlignWithGrammarAsync(kittens, other, cancel);
        var loopAgain = await Recognizer.DecodePhonesAsync(captain, PhoneLoop.Triphones, cancel);

        Assert.Equal(8, first.Segments.Count(s => !s.Label.StartsWith('<') && !s.Label.StartsWith('[')));
        Assert.Equal(first.Segments, again.Segments);
        Assert.Equal(firstLoop.Segments, loopAgain.Segments);
    }

    [Fact]
    public async Task WiderAlignmentBeamsReachTheEndOfAGrammarWithAnUnsaidWordAndAreUndoneAfterwards()
    {
        var cancel = TestContext.Current.CancellationToken;
        var captain = await SpeechAudio.LoadAsync(PocketSphinxFixture.Captain);
        // "world" was not said: the alignment has to squeeze it between "the" and "scenery"
        const string planted = "#JSGF V1.0;\ngrammar g;\npublic <s> = captain frere says that the world scenery is delightful;\n";
        var wide = new SearchBeams(1e-300, 1e-300, 1e-300);
        static int Words(ScoredDecode d) => d.Segments.Count(s => !GopScoring.IsFiller(s.Label));

        var before = await Recognizer.AlignWithGrammarAsync(captain, planted, cancel);
        var widened = await Recognizer.AlignWithGrammarAsync(captain, planted, cancel, wide);
        var after = await Recognizer.AlignWithGrammarAsync(captain, planted, cancel);

        Assert.Equal(0, Words(before));   // the library's beams prune the only complete path
        Assert.Equal(9, Words(widened));
        Assert.Contains(widened.Segments, s => s.Label == "world");
        Assert.Equal(before.Segments, after.Segments);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            Recognizer.AlignWithGrammarAsync(captain, planted, cancel, wide with { WordBeam = 1 }));
    }

    [Fact]
    public async Task AContextIndependentPhoneLoopStillHearsTheWordsAndLeavesTheTriphoneLoopAsItWas()
    {
        var cancel = TestContext.Current.CancellationToken;
        var captain = await SpeechAudio.LoadAsync(PocketSphinxFixture.Captain);
        var said = Recognizer.Pronunciations("captain frere says that the scenery is delightful".Split(' ')).SelectMany(p => p!).ToList();
        var other = Recognizer.Pronunciations("the two stray kittens gradually make themselves at home".Split(' ')).SelectMany(p => p!).ToList();
        static List<string> Phones(ScoredDecode d) => d.Segments.Where(s => !GopScoring.IsFiller(s.Label)).Select(s => s.Label).ToList();

        var triphones = await Recognizer.DecodePhonesAsync(captain, PhoneLoop.Triphones, cancel);
        var independent = await Recognizer.DecodePhonesAsync(captain, new PhoneLoop(ContextIndependent: true), cancel);
        var triphonesAgain = await Recognizer.DecodePhonesAsync(captain, PhoneLoop.Triphones, cancel);

        Assert.NotEqual(triphones.Segments, independent.Segments);
        Assert.Equal(triphones.Segments, triphonesAgain.Segments);
        // a free loop mishears many phones, but what it hears is still far nearer what was said than another sentence
        foreach (var loop in new[] { independent, triphones })
        {
            var (toSaid, toOther) = (WordEvidence.PhoneDistance(said, Phones(loop)), WordEvidence.PhoneDistance(other, Phones(loop)));
            Assert.True(toSaid < toOther - 0.15, $"phone distance to what was said {toSaid:F2}, to another sentence {toOther:F2}");
        }
    }
}
