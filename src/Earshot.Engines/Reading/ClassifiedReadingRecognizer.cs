using Earshot.Engines.PocketSphinx;
using Earshot.Sdk;
using Earshot.Sdk.Models;

namespace Earshot.Engines.Reading;

/// <summary>
/// Reading assessment by a trained classifier (<see cref="ReadingClassifier"/>) over the evidence of every decode the
/// GOP and joint methods make (<see cref="WordEvidence"/>): the plain decode, both forced alignments against the phone
/// loop, and the joint reading grammar. It shares the joint method's plain and grammar decodes and measures the GOP
/// evidence its own way (<see cref="EvidenceOptions"/>: its own phone loop and forced alignments), plus a few hundred
/// multiplications per word. Insertions are the GOP method's. Thread-safe.
/// </summary>
public sealed class ClassifiedReadingRecognizer : IReadingRecognizer
{
    private readonly JointReadingRecognizer joint;
    private readonly GopReadingRecognizer decodes;
    private readonly ReadingClassifier? classifier;

    /// <param name="classifier">Weights to use; null is the acoustic model's own classifier, else the shipped one
    /// (<see cref="ReadingClassifier.ForAcousticModel"/>).</param>
    public ClassifiedReadingRecognizer(JointReadingRecognizer joint, ReadingClassifier? classifier = null)
        : this(joint, joint.GopDecodes.With(EvidenceOptions), classifier)
    {
    }

    private ClassifiedReadingRecognizer(JointReadingRecognizer joint, GopReadingRecognizer decodes, ReadingClassifier? classifier)
    {
        this.joint = joint;
        this.decodes = decodes;
        this.classifier = classifier;
    }

    /// <summary>
    /// How the GOP evidence is measured for the classifier (the shipped weights were trained on evidence measured so):
    /// forced alignments with practically no pruning, which reach the end of a reference where the reader skipped a
    /// word (with the library's beams the strict alignment gave up on 28 % of the words of references with a planted
    /// omission); a phone loop of context-independent phones, which made a whole assessment about 7 times faster than
    /// the triphone loop for about the same figures; and the insertion threshold moved with the scores those give
    /// (docs/reading-assessment.md, sessions 6 and 7).
    /// </summary>
    public static GopOptions EvidenceOptions { get; } = GopOptions.Default with
    {
        AlignmentBeams = new SearchBeams(Beam: 1e-300, PhoneBeam: 1e-300, WordBeam: 1e-300),
        InsertionSpanThreshold = -2,
        PhoneLoop = new PhoneLoop(ContextIndependent: true),
    };

    /// <summary>The classifier given, else the acoustic model's (<see cref="ReadingClassifier.ForAcousticModel"/>), read on first use.</summary>
    public ReadingClassifier Classifier => classifier ?? ReadingClassifier.ForAcousticModel(joint.AcousticModelPath);

    public string Name => "classifier";
    public bool UsesReference => true;

    /// <summary>The same method with another classifier, sharing this one's decodes.</summary>
    public ClassifiedReadingRecognizer With(ReadingClassifier other) => new(joint, decodes, other);

    /// <summary>The same method with another insertion threshold (<see cref="GopOptions.InsertionSpanThreshold"/>),
    /// sharing this one's decodes: for choosing it (`earshot-lab eval reading --methods classifier@ins=0.2`).</summary>
    public ClassifiedReadingRecognizer WithInsertionSpanThreshold(double threshold) =>
        new(joint, decodes.With(decodes.Options with { InsertionSpanThreshold = threshold }), classifier);

    /// <summary>The same method measuring its evidence against another phone loop, sharing the plain decodes: for
    /// timing and measuring it (bench `reading`, `earshot-lab eval reading --phone-lm`); the shipped weights were trained
    /// on <see cref="EvidenceOptions"/>' loop.</summary>
    public ClassifiedReadingRecognizer WithPhoneLoop(PhoneLoop loop) =>
        new(joint, decodes.With(decodes.Options with { PhoneLoop = loop }), classifier);

    public Task<Transcript> RecognizeAsync(AudioBuffer audio, string reference, CancellationToken cancellationToken) =>
        joint.RecognizeAsync(audio, reference, cancellationToken);

    public async Task<ReadingHeard> HearAsync(AudioBuffer audio, string reference, CancellationToken cancellationToken)
    {
        var (scoring, gop, features) = await EvidenceAsync(audio, reference, cancellationToken).ConfigureAwait(false);
        var words = scoring.PlainAssessment.Words.Select(w =>
        {
            var byGop = gop.Words[w.Index];
            // a word neither forced alignment placed (silence, a reading that stopped early) is unlike any the
            // classifier was trained on: it keeps the GOP method's verdict, which is the plain decode's
            var status = scoring.BestScore(w.Index) is null ? byGop.Status : Classifier.Classify(features[w.Index]);
            return byGop.Status == status || (status == ReadingStatus.Correct && byGop.CountsAsCorrect)
                ? byGop
                : GopReadingRecognizer.Mark(scoring, w, status);
        }).ToList();
        var assessment = new ReadingAssessment(reference, words, gop.Insertions,
            ReadingAssessor.Score(words, scoring.Plain.Words, ReadingAssessorOptions.Default));
        return new ReadingHeard(scoring.Plain, null) { Assessed = assessment };
    }

    /// <summary>The measurements of a reading against a reference, the GOP method's verdict and each word's evidence.</summary>
    public async Task<(GopScoring Scoring, ReadingAssessment Gop, double[][] Features)> EvidenceAsync(AudioBuffer audio, string reference,
        CancellationToken cancellationToken)
    {
        var scoringTask = decodes.ScoreAsync(audio, reference, cancellationToken);
        var path = await joint.DecodeAsync(audio, reference, cancellationToken).ConfigureAwait(false);
        var scoring = await scoringTask.ConfigureAwait(false);
        var gop = decodes.Assess(scoring);
        return (scoring, gop, WordEvidence.Of(scoring, gop, path));
    }
}
