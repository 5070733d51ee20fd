using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Earshot.Engines.PocketSphinx;
using Earshot.Sdk;
using Earshot.Sdk.Models;
using Earshot.Text;

namespace Earshot.Engines.Reading;

/// <summary>How <see cref="JointReadingRecognizer"/> uses the GOP method (<see cref="GopReadingRecognizer"/>) as a second opinion.</summary>
public enum GopSecondOpinion
{
    /// <summary>Not at all (no forced alignments).</summary>
    None,
    /// <summary>A word is an error only when both methods flag it; the joint decode gives its type (misread or skipped).</summary>
    BothMustFlag,
    /// <summary>GOP decides which words are errors; the joint decode gives the type where it flags the word too.</summary>
    GopFlagsJointTypes,
    /// <summary>A word is an error only when both methods flag it; GOP gives its type, and the insertions are GOP's:
    /// GOP with its reports withdrawn where the joint decode read the word.</summary>
    BothMustFlagGopTypes,
}

/// <summary>The reading grammar's best path over one recording for one reference, per reference word.</summary>
/// <param name="Slots">Per reference word, the dictionary words it is read as (empty when not in the dictionary).</param>
/// <param name="Results">Per reference word, the path's choice (word, phone loop or skip) and its frames.</param>
/// <param name="Inserted">Speech the insertion loop took between reference words.</param>
public sealed record JointDecode(IReadOnlyList<IReadOnlyList<string>> Slots, IReadOnlyList<SlotResult> Results,
    IReadOnlyList<InsertedSpeech> Inserted, ScoredDecode Path);

/// <summary>Weights and thresholds of <see cref="JointReadingRecognizer"/>; the defaults were chosen on the even half
/// of the evaluation recordings (docs/reading-assessment.md).</summary>
public sealed record JointReadingOptions
{
    public static readonly JointReadingOptions Default = new();

    public GrammarWeights Weights { get; init; } = new(Garbage: 1e-5, Word: 1, Insertion: 1e-7, Phone: 3e-3, LoopPhones: GarbageDictionary.BroadPhones);

    /// <summary>A word the grammar passed through is still misread when its GOP (nats per frame against the phone loop)
    /// is below this; negative infinity trusts the grammar.</summary>
    public double CorrectThreshold { get; init; } = double.NegativeInfinity;

    /// <summary>A word the plain decode, aligned with the reference, has right counts as read whatever the grammar did.</summary>
    public bool ConfirmWithPlain { get; init; } = true;

    /// <summary>A skipped word with at least this many frames of inserted speech right before or after it was misread
    /// (the decoder took the insertion loop instead of the word's own loop), not omitted; 0 turns this off.</summary>
    public int SkipWithSpeechFrames { get; init; }

    /// <summary>Whether (and how) the GOP method's verdict is combined with the joint decode's.</summary>
    public GopSecondOpinion Gop { get; init; }

    /// <summary>Inserted speech shorter than this many frames is not reported.</summary>
    public int MinInsertionFrames { get; init; } = 15;

    /// <summary>Extra ps_init arguments of the grammar decoders: narrower beams than the library's 1e-48, which keep the
    /// loops of far-away words alive (about 3× slower here); 1e-20 with -maxhmmpf 3000 caused search errors.</summary>
    public IReadOnlyDictionary<string, string> DecoderArguments { get; init; } =
        new Dictionary<string, string> { ["-beam"] = "1e-30", ["-pbeam"] = "1e-30", ["-wbeam"] = "1e-20" };

    /// <summary>Decoders (with the phone-loop dictionary) kept for grammar decodes; 0 takes the recogniser's pool size.</summary>
    public int PoolSize { get; init; }
}

/// <summary>
/// Reading assessment by one joint decode: a JSGF grammar lets the decoder choose, per reference word, between the word,
/// a free phone loop in its place (misread) and nothing (skipped), with an optional phone loop between words (inserted
/// speech). A word never said is skipped rather than forced into the audio, so it cannot push its neighbours out of
/// place. The plain decode (cached per recording) says what was heard and confirms words it recognised. Thread-safe;
/// it owns a pool of decoders loaded with <see cref="GarbageDictionary"/>.
/// </summary>
public sealed class JointReadingRecognizer : IReadingRecognizer, IDisposable
{
    private readonly GopReadingRecognizer decodes;
    private readonly PocketSphinxRecognizer grammarDecoder;
    private readonly bool ownsDecoder;
    private readonly ConditionalWeakTable<AudioBuffer, ConcurrentDictionary<string, Task<ScoredDecode>>> paths;

    /// <param name="shared">A GOP recogniser over the same <paramref name="recognizer"/> whose cached plain decodes and
    /// phone loops to reuse (evaluation); null makes a private one.</param>
    public JointReadingRecognizer(PocketSphinxRecognizer recognizer, JointReadingOptions? options = null, GopReadingRecognizer? shared = null)
    {
        ArgumentNullException.ThrowIfNull(recognizer);
        Options = options ?? JointReadingOptions.Default;
        decodes = shared ?? new GopReadingRecognizer(recognizer);
        grammarDecoder = new PocketSphinxRecognizer(recognizer.Options with
        {
            Name = $"{recognizer.Options.Name}-reading",
            DictionaryPath = GarbageDictionary.Create(recognizer.Options.DictionaryPath),
            PoolSize = Options.PoolSize > 0 ? Options.PoolSize : recognizer.Options.PoolSize,
            DecoderArguments = recognizer.Options.DecoderArguments.Concat(Options.DecoderArguments)
                .GroupBy(a => a.Key).ToDictionary(g => g.Key, g => g.Last().Value),
        });
        ownsDecoder = true;
        paths = new();
    }

    private JointReadingRecognizer(JointReadingRecognizer other, JointReadingOptions options)
    {
        Options = options;
        decodes = other.decodes;
        grammarDecoder = other.grammarDecoder;
        paths = other.paths;
    }

    public JointReadingOptions Options { get; }

    /// <summary>Decoders of the reading-grammar pool busy now.</summary>
    public int DecodersInUse => grammarDecoder.DecodersInUse;

    /// <summary>The acoustic model folder of its decoders.</summary>
    public string AcousticModelPath => grammarDecoder.Options.AcousticModelPath;

    /// <summary>The GOP recogniser whose plain decodes and phone loops this one uses.</summary>
    public GopReadingRecognizer GopDecodes => decodes;

    /// <summary>"joint", or "joint+gop" with a GOP second opinion.</summary>
    public string Name => Options.Gop == GopSecondOpinion.None ? "joint" : "joint+gop";
    public bool UsesReference => true;

    /// <summary>The same method with other weights or thresholds, sharing this one's decoders and cached decodes.</summary>
    public JointReadingRecognizer With(JointReadingOptions other) => new(this, other);

    public async Task<Transcript> RecognizeAsync(AudioBuffer audio, string reference, CancellationToken cancellationToken) =>
        await decodes.PlainAsync(audio, cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false);

    public async Task<ReadingHeard> HearAsync(AudioBuffer audio, string reference, CancellationToken cancellationToken)
    {
        var assessment = await AssessAsync(audio, reference, cancellationToken).ConfigureAwait(false);
        var plain = await decodes.PlainAsync(audio, cancellationToken).ConfigureAwait(false);
        return new ReadingHeard(plain, null) { Assessed = assessment };
    }

    /// <summary>Assesses a reading of <paramref name="reference"/>.</summary>
    public async Task<ReadingAssessment> AssessAsync(AudioBuffer audio, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentNullException.ThrowIfNull(reference);
        var plainTask = decodes.PlainAsync(audio, cancellationToken);
        var loopTask = decodes.PhonesAsync(audio, cancellationToken);
        var decode = await DecodeAsync(audio, reference, cancellationToken).ConfigureAwait(false);
        var plain = await plainTask.WaitAsync(cancellationToken).ConfigureAwait(false);
        var loop = await loopTask.WaitAsync(cancellationToken).ConfigureAwait(false);
        var joint = Assess(reference, decode.Slots, decode.Results, decode.Inserted, plain, decode.Path, loop);
        if (Options.Gop == GopSecondOpinion.None)
            return joint;
        var gop = decodes.Assess(await decodes.ScoreAsync(audio, reference, cancellationToken).ConfigureAwait(false));
        return Combine(joint, gop, Options.Gop, plain);
    }

    /// <summary>The reading grammar's best path for <paramref name="reference"/>, mapped back to its words (cached per
    /// recording and grammar).</summary>
    public async Task<JointDecode> DecodeAsync(AudioBuffer audio, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentNullException.ThrowIfNull(reference);
        var slots = Slots(TextNormalizer.Tokenize(reference));
        var grammar = ReadingGrammar.Build(slots, Options.Weights);
        var path = await paths.GetOrCreateValue(audio)
            .GetOrAdd(grammar, g => grammarDecoder.AlignWithGrammarAsync(audio, g, cancellationToken))
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        var (results, inserted) = ReadingGrammar.Parse(slots, path);
        return new JointDecode(slots, results, inserted, path);
    }

    private static ReadingAssessment Combine(ReadingAssessment joint, ReadingAssessment gop, GopSecondOpinion how, Transcript plain)
    {
        var words = joint.Words.Select((j, i) =>
        {
            var g = gop.Words[i];
            if (g.CountsAsCorrect)
                return j.CountsAsCorrect ? j : g;
            if (j.CountsAsCorrect)
                return how == GopSecondOpinion.GopFlagsJointTypes ? g : j;
            return how == GopSecondOpinion.BothMustFlagGopTypes ? g : j;
        }).ToList();
        // with GOP's types GOP's insertions go too: the joint decode's insertion loop reports far more false ones
        var insertions = how == GopSecondOpinion.BothMustFlagGopTypes ? gop.Insertions : joint.Insertions;
        return joint with { Words = words, Insertions = insertions, Scores = ReadingAssessor.Score(words, plain.Words, ReadingAssessorOptions.Default) };
    }

    private ReadingAssessment Assess(string reference, IReadOnlyList<IReadOnlyList<string>> slots, IReadOnlyList<SlotResult> results, IReadOnlyList<InsertedSpeech> inserted,
        Transcript plain, ScoredDecode path, ScoredDecode loop)
    {
        var o = Options;
        var plainAssessment = ReadingAssessor.Assess(reference, plain);
        double Seconds(int frame) => Math.Round(path.Seconds(frame), 3);
        var absorbed = new HashSet<InsertedSpeech>(ReferenceEqualityComparer.Instance);
        var words = plainAssessment.Words.Select(w =>
        {
            var slot = results[w.Index];
            if (slots[w.Index].Count == 0 || (o.ConfirmWithPlain && w.CountsAsCorrect))
                return w;
            if (slot.Choice == SlotChoice.Skipped)
            {
                var speech = o.SkipWithSpeechFrames > 0
                    ? inserted.Where(s => s.BeforeIndex == w.Index || s.BeforeIndex == w.Index + 1).MaxBy(s => s.EndFrame - s.StartFrame)
                    : null;
                if (speech is null || speech.EndFrame - speech.StartFrame + 1 < o.SkipWithSpeechFrames)
                    return w with { Status = ReadingStatus.Omission, Heard = null, Start = null, End = null, Confidence = 0 };
                absorbed.Add(speech);
                slot = slot with { Choice = SlotChoice.Garbage, StartFrame = speech.StartFrame, EndFrame = speech.EndFrame, Phones = speech.Phones };
            }
            var (start, end) = (Seconds(slot.StartFrame), Seconds(slot.EndFrame + 1));
            var heard = GopReadingRecognizer.HeardOver(plain, start, end);
            if (slot.Choice == SlotChoice.Garbage)
                return w with { Status = ReadingStatus.Substitution, Heard = heard ?? string.Join(' ', slot.Phones), Start = start, End = end, Confidence = 0 };
            var gop = (slot.AcousticNats - GopScoring.ScoreOver(loop, slot.StartFrame, slot.EndFrame, slot.AcousticNats / slot.Frames)) / slot.Frames;
            return gop >= o.CorrectThreshold
                ? w with { Status = ReadingStatus.Correct, Heard = w.Text.ToLowerInvariant(), Start = start, End = end, Confidence = GopReadingRecognizer.Confidence(gop) }
                : w with { Status = ReadingStatus.Substitution, Heard = heard ?? "?", Start = start, End = end, Confidence = Math.Round(Math.Exp(gop), 4) };
        }).ToList();
        var insertions = inserted.Where(s => !absorbed.Contains(s) && s.EndFrame - s.StartFrame + 1 >= o.MinInsertionFrames).Select(s =>
        {
            var (start, end) = (Seconds(s.StartFrame), Seconds(s.EndFrame + 1));
            return new ReadingInsertion(s.BeforeIndex, GopReadingRecognizer.HeardOver(plain, start, end) ?? string.Join(' ', s.Phones), start, end, 0, ReadingStatus.Insertion);
        }).ToList();
        return new ReadingAssessment(reference, words, insertions, ReadingAssessor.Score(words, plain.Words, ReadingAssessorOptions.Default));
    }

    /// <summary>Per reference token, the dictionary words it is read as; empty where a word is not in the dictionary.</summary>
    private List<IReadOnlyList<string>> Slots(IReadOnlyList<Token> tokens)
    {
        var spoken = GrammarReadingRecognizer.DictionaryWords(grammarDecoder, tokens);
        var unknown = grammarDecoder.FindUnknownWords(spoken.SelectMany(s => s)).ToHashSet();
        return spoken.Select(s => s.Count > 0 && s.All(w => !unknown.Contains(w)) ? s : []).ToList();
    }

    public void Dispose()
    {
        if (ownsDecoder)
            grammarDecoder.Dispose();
    }
}
