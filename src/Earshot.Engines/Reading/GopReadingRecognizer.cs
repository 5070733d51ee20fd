using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Earshot.Engines.PocketSphinx;
using Earshot.Sdk;
using Earshot.Sdk.Models;
using Earshot.Text;

namespace Earshot.Engines.Reading;

/// <summary>Thresholds of <see cref="GopReadingRecognizer"/>; the defaults were chosen on half of the evaluation
/// recordings (docs/reading-assessment.md).</summary>
public sealed record GopOptions
{
    public static readonly GopOptions Default = new();

    /// <summary>A reference word whose goodness of pronunciation (nats per frame against the phone loop) is at least this was read.</summary>
    public double CorrectThreshold { get; init; } = -0.75;

    /// <summary>A word the plain decode, aligned with the reference, has right counts as read whatever its score.</summary>
    public bool ConfirmWithPlain { get; init; } = true;

    /// <summary>A badly scored word squeezed into at most this many frames per phone (3 is the model's minimum) was not said at all.</summary>
    public double OmissionFramesPerPhone { get; init; } = 3.0;

    /// <summary>An extra word of the plain decode is an insertion only where the forced alignment (which has to stretch
    /// reference words over it) scores that time at most this, in nats per frame against the phone loop.</summary>
    public double InsertionSpanThreshold { get; init; } = 0.5;

    /// <summary>The phone loop the words are scored against: by default the library's free loop of triphones (the
    /// usual GOP reference).</summary>
    public PhoneLoop PhoneLoop { get; init; } = PhoneLoop.Triphones;

    /// <summary>Beams of the two forced alignments; null keeps the decoder's. The thresholds above were chosen with
    /// the decoder's (the classifier measures its evidence with wider ones: <see cref="ClassifiedReadingRecognizer.EvidenceOptions"/>).</summary>
    public SearchBeams? AlignmentBeams { get; init; }
}

/// <summary>
/// Reading assessment by goodness of pronunciation (GOP). The reference is force-aligned to the audio (a JSGF grammar
/// with just its words in order, and a second one where each word is optional); each word's acoustic score is compared
/// with that of a free phone loop over the same frames. A word the reader said scores close to the loop; a misread word
/// (the audio holds other phones) or a skipped one (squeezed into a few frames that belong to its neighbours) scores far
/// below. A plain decode supplies what was heard instead, confirms words it recognised, and proposes extra words, kept
/// as insertions where the forced alignment, stretched over them, scores badly. Decodes that do not depend on the
/// reference (plain, phone loop) run once per recording; the two alignments once per reference. Thread-safe.
/// </summary>
public sealed class GopReadingRecognizer(PocketSphinxRecognizer recognizer, GopOptions? options = null) : IReadingRecognizer
{
    private ConditionalWeakTable<AudioBuffer, Task<Transcript>> plainDecodes = new();
    private ConditionalWeakTable<AudioBuffer, Task<ScoredDecode>> phoneDecodes = new();
    private ConditionalWeakTable<AudioBuffer, ConcurrentDictionary<string, Task<GopScoring>>> scorings = new();

    public GopOptions Options { get; } = options ?? GopOptions.Default;

    public string Name => "gop";
    public bool UsesReference => true;

    /// <summary>The same method with other options, sharing the decodes they do not change: the plain decodes always,
    /// the phone loops unless the loop differs, the forced alignments unless the loop or the beams differ
    /// (thresholds change none).</summary>
    public GopReadingRecognizer With(GopOptions other)
    {
        var samePhones = other.PhoneLoop == Options.PhoneLoop;
        return new(recognizer, other)
        {
            plainDecodes = plainDecodes,
            phoneDecodes = samePhones ? phoneDecodes : new(),
            scorings = samePhones && other.AlignmentBeams == Options.AlignmentBeams ? scorings : new(),
        };
    }

    public async Task<Transcript> RecognizeAsync(AudioBuffer audio, string reference, CancellationToken cancellationToken) =>
        await PlainAsync(audio, cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false);

    public async Task<ReadingHeard> HearAsync(AudioBuffer audio, string reference, CancellationToken cancellationToken)
    {
        var scoring = await ScoreAsync(audio, reference, cancellationToken).ConfigureAwait(false);
        return new ReadingHeard(scoring.Plain, null) { Assessed = Assess(scoring) };
    }

    /// <summary>The measurements behind an assessment (cached per recording and reference).</summary>
    public Task<GopScoring> ScoreAsync(AudioBuffer audio, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentNullException.ThrowIfNull(reference);
        return scorings.GetOrCreateValue(audio).GetOrAdd(reference, r => ComputeAsync(audio, r, cancellationToken)).WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Per reference word: read when the plain decode has it right, or its GOP clears the threshold in either forced
    /// alignment. Otherwise omitted when the plain decode also misses it or when it was squeezed into the fewest frames
    /// its phones allow; else substituted, with what the plain decode heard over its frames.
    /// </summary>
    public ReadingAssessment Assess(GopScoring scoring)
    {
        var o = Options;
        var plain = scoring.PlainAssessment;
        var words = plain.Words.Select(w =>
        {
            var strict = scoring.Words[w.Index];
            if (scoring.BestScore(w.Index) is not { } best || (o.ConfirmWithPlain && w.CountsAsCorrect))
                return w;
            if (best >= o.CorrectThreshold)
                return Mark(scoring, w, ReadingStatus.Correct);
            if (w.Status == ReadingStatus.Omission || (strict is not null && strict.FramesPerPhone <= o.OmissionFramesPerPhone))
                return Mark(scoring, w, ReadingStatus.Omission);
            return Mark(scoring, w, ReadingStatus.Substitution);
        }).ToList();

        var insertions = plain.Insertions.Where(i =>
            i.Status != ReadingStatus.Insertion || scoring.Span(i.Start, i.End).Score <= o.InsertionSpanThreshold).ToList();
        return new ReadingAssessment(scoring.Reference, words, insertions,
            ReadingAssessor.Score(words, scoring.Plain.Words, ReadingAssessorOptions.Default));
    }

    /// <summary>
    /// Plain-decode word <paramref name="w"/> given <paramref name="status"/>, with the time, heard text and confidence
    /// of its forced alignment (the strict one, else the one with optional words); an omission has none. A word neither
    /// alignment placed keeps the plain decode's time and text.
    /// </summary>
    internal static ReadingWord Mark(GopScoring scoring, ReadingWord w, ReadingStatus status)
    {
        if (status == ReadingStatus.Omission)
            return w with { Status = ReadingStatus.Omission, Heard = null, Start = null, End = null, Confidence = 0 };
        var strict = scoring.Words[w.Index];
        var optional = scoring.OptionalWords[w.Index];
        if ((strict ?? optional) is not { } gop || scoring.BestScore(w.Index) is not { } best)
            return status == ReadingStatus.Correct && !w.CountsAsCorrect
                ? w with { Status = status, Heard = w.Text.ToLowerInvariant() }
                : w with { Status = status, Heard = w.Heard ?? "?" };
        var start = Math.Round(scoring.Alignment.Seconds(gop.StartFrame), 3);
        var end = Math.Round(scoring.Alignment.Seconds(gop.EndFrame + 1), 3);
        return status == ReadingStatus.Correct
            ? w with { Status = status, Heard = w.Text.ToLowerInvariant(), Start = start, End = end, Confidence = Confidence(best) }
            : w with { Status = status, Heard = HeardOver(scoring.Plain, start, end) ?? w.Heard ?? "?", Start = start, End = end, Confidence = Confidence(best) };
    }

    /// <summary>The plain decode's words that mostly lie between <paramref name="start"/> and <paramref name="end"/>.</summary>
    internal static string? HeardOver(Transcript plain, double start, double end)
    {
        var words = WordsOver(plain, start, end).Select(i => plain.Words[i].Word).ToList();
        return words.Count > 0 ? string.Join(' ', words) : null;
    }

    /// <summary>Indices of the plain decode's words that mostly lie between <paramref name="start"/> and <paramref name="end"/>.</summary>
    internal static IEnumerable<int> WordsOver(Transcript plain, double start, double end) =>
        Enumerable.Range(0, plain.Words.Count).Where(i => plain.Words[i] is var w && Math.Min(w.End, end) - Math.Max(w.Start, start) > (w.End - w.Start) / 2);

    /// <summary>A confidence in [0, 1] from the GOP: 1 at or above 0 nats per frame, falling off below.</summary>
    internal static double Confidence(double gop) => Math.Round(Math.Exp(Math.Min(0, gop)), 4);

    // The decodes below are cached per recording and shared by every caller; the token of the call that starts one
    // stops it (native decoding included), so a cancelled request frees its decoder within a block of audio. Callers
    // that share a recording share its cancellation (the server gives every request its own buffer).
    internal Task<Transcript> PlainAsync(AudioBuffer audio, CancellationToken cancellationToken) =>
        plainDecodes.GetValue(audio, a => recognizer.TranscribeAsync(a, new TranscribeOptions(), cancellationToken));

    internal Task<ScoredDecode> PhonesAsync(AudioBuffer audio, CancellationToken cancellationToken) =>
        phoneDecodes.GetValue(audio, a => recognizer.DecodePhonesAsync(a, Options.PhoneLoop, cancellationToken));

    private async Task<GopScoring> ComputeAsync(AudioBuffer audio, string reference, CancellationToken cancellationToken)
    {
        // the dictionary look-ups wait for a free decoder without a token: done before this request's own decodes
        // take the decoders, they cannot wait behind them
        var tokens = TextNormalizer.Tokenize(reference);
        var spoken = GrammarReadingRecognizer.DictionaryWords(recognizer, tokens);
        var pronunciations = recognizer.Pronunciations(spoken.SelectMany(s => s));
        var plainTask = PlainAsync(audio, cancellationToken);
        var phonesTask = PhonesAsync(audio, cancellationToken);
        // per token, all its words' phones; null when it has no word or one the dictionary lacks
        var referencePhones = new List<string[]?>();
        var next = 0;
        foreach (var words in spoken)
        {
            var wordPhones = words.Select(_ => pronunciations[next++]).ToList();
            referencePhones.Add(wordPhones.Count > 0 && wordPhones.All(p => p is not null) ? [.. wordPhones.SelectMany(p => p!)] : null);
        }
        var phones = referencePhones.Select(p => p?.Length).ToArray();

        var grammarWords = Enumerable.Range(0, tokens.Count).Where(i => phones[i] is not null).SelectMany(i => spoken[i].Select(w => (Token: i, Word: w))).ToList();
        var strict = ScoredDecode.Empty;
        var optional = ScoredDecode.Empty;
        if (grammarWords.Count > 0)
        {
            const string header = "#JSGF V1.0;\ngrammar align;\npublic <reading> =";
            strict = await recognizer.AlignWithGrammarAsync(audio, $"{header} {string.Join(' ', grammarWords.Select(g => g.Word))};\n",
                cancellationToken, Options.AlignmentBeams).ConfigureAwait(false);
            // the same walk with every reference word optional: a word the reader skipped is left out rather than squeezed in
            var tokenGroups = grammarWords.GroupBy(g => g.Token).Select(g => $"[ {string.Join(' ', g.Select(x => x.Word))} ]");
            optional = await recognizer.AlignWithGrammarAsync(audio, $"{header} {string.Join(' ', tokenGroups)};\n",
                cancellationToken, Options.AlignmentBeams).ConfigureAwait(false);
        }
        var plain = await plainTask.ConfigureAwait(false);
        var loop = await phonesTask.ConfigureAwait(false);
        var strictScores = WordScores(tokens.Count, grammarWords, phones, strict, loop, optional: false);
        var optionalScores = WordScores(tokens.Count, grammarWords, phones, optional, loop, optional: true);
        return new GopScoring(reference, plain, ReadingAssessor.Assess(reference, plain), strictScores, optionalScores, strict, optional, loop)
        {
            ReferencePhones = referencePhones,
            PlainPhones = recognizer.Pronunciations(plain.Words.Select(w => w.Word)),
        };
    }

    /// <summary>Maps the aligned words back to reference tokens (a number read as several words spans them all) and scores each.</summary>
    private static WordGop?[] WordScores(int count, List<(int Token, string Word)> grammarWords, int?[] phones, ScoredDecode alignment,
        ScoredDecode loop, bool optional)
    {
        var result = new WordGop?[count];
        var spans = new (int First, int Last, double Score)?[count];
        var expected = 0;
        foreach (var segment in alignment.Segments)
        {
            if (expected >= grammarWords.Count || GopScoring.IsFiller(segment.Label))
                continue;
            var word = segment.Label.Split('(')[0];
            var at = expected;
            while (optional && at < grammarWords.Count && grammarWords[at].Word != word)
                at++;
            if (at >= grammarWords.Count || grammarWords[at].Word != word)
                continue;
            expected = at + 1;
            var token = grammarWords[at].Token;
            var score = (segment.AcousticScore ?? 0) * GopScoring.NatsPerUnit;
            spans[token] = spans[token] is { } s ? (s.First, segment.EndFrame, s.Score + score) : (segment.StartFrame, segment.EndFrame, score);
        }
        // a strict grammar that could not be followed to its end leaves the alignment incomplete: no word of it is trustworthy
        if (!optional && expected < grammarWords.Count)
            return result;
        for (var i = 0; i < count; i++)
        {
            if (spans[i] is not { } s || phones[i] is not { } p)
                continue;
            var frames = s.Last - s.First + 1;
            var acoustic = s.Score / frames;
            var reference = GopScoring.ScoreOver(loop, s.First, s.Last, fallbackPerFrame: acoustic) / frames;
            result[i] = new WordGop(i, s.First, s.Last, p, acoustic, reference);
        }
        return result;
    }
}
