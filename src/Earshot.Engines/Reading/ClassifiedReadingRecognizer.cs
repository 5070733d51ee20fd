using Earshot.Sdk;
using Earshot.Sdk.Models;

namespace Earshot.Engines.Reading;

/// <summary>
/// Reading assessment by a trained classifier (<see cref="ReadingClassifier"/>) over the evidence of every decode the
/// GOP and joint methods make (<see cref="WordEvidence"/>): the plain decode, both forced alignments against the phone
/// loop, and the joint reading grammar. It costs what <c>joint+gop</c> costs (the same decodes, cached the same way)
/// plus a few hundred multiplications per word. Insertions are the GOP method's. Thread-safe.
/// </summary>
public sealed class ClassifiedReadingRecognizer(JointReadingRecognizer joint, ReadingClassifier? classifier = null) : IReadingRecognizer
{
    /// <summary>The classifier given, else the one shipped (<see cref="ReadingClassifier.Default"/>), read on first use.</summary>
    public ReadingClassifier Classifier => classifier ?? ReadingClassifier.Default;

    public string Name => "classifier";
    public bool UsesReference => true;

    /// <summary>The same method with another classifier, sharing this one's decodes.</summary>
    public ClassifiedReadingRecognizer With(ReadingClassifier other) => new(joint, other);

    public Task<Transcript> RecognizeAsync(AudioBuffer audio, string reference, CancellationToken cancellationToken) =>
        joint.RecognizeAsync(audio, reference, cancellationToken);

    public async Task<ReadingHeard> HearAsync(AudioBuffer audio, string reference, CancellationToken cancellationToken)
    {
        var (scoring, gop, features) = await EvidenceAsync(audio, reference, cancellationToken).ConfigureAwait(false);
        var words = scoring.PlainAssessment.Words.Select(w =>
        {
            var status = Classifier.Classify(features[w.Index]);
            var byGop = gop.Words[w.Index];
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
        var decodes = joint.GopDecodes;
        var scoringTask = decodes.ScoreAsync(audio, reference, cancellationToken);
        var path = await joint.DecodeAsync(audio, reference, cancellationToken).ConfigureAwait(false);
        var scoring = await scoringTask.ConfigureAwait(false);
        var gop = decodes.Assess(scoring);
        return (scoring, gop, WordEvidence.Of(scoring, gop, path));
    }
}
