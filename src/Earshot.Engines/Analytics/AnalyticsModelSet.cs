namespace Earshot.Engines.Analytics;

/// <summary>What one model says about one output step: the seed's result and confidence, and the classifier's raw probabilities.</summary>
public sealed record ModelVerdict(string Result, float Confidence, IReadOnlyDictionary<string, float> Raw);

/// <summary>
/// The four seed models (speech, gender, arousal, emotions) over the shipped classifiers. Every model answers "silence" below
/// the volume threshold; gender, arousal and emotions answer "no_speech" where the speech classifier does not find speech,
/// and gender, decided once per speech segment, answers "unknown" when neither male nor female reaches <see cref="GenderUnknownBelow"/>.
/// Immutable; one instance serves every job.
/// </summary>
public sealed class AnalyticsModelSet
{
    public const string Speech = "speech";
    public const string Gender = "gender";
    public const string Arousal = "arousal";
    public const string Emotions = "emotions";
    public const float GenderUnknownBelow = 0.7f;

    public static readonly string[] Names = [Speech, Gender, Arousal, Emotions];

    /// <summary>Every result a model can give, in the order summaries list them.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> ResultClasses = new Dictionary<string, string[]>
    {
        [Speech] = ["speech", "music", "other", "silence"],
        [Gender] = ["male", "female", "unknown", "no_speech", "silence"],
        [Arousal] = ["low", "neutral", "high", "no_speech", "silence"],
        [Emotions] = ["happy", "irritated", "neutral", "tired", "no_speech", "silence"],
    };

    private readonly IReadOnlyDictionary<string, DenseClassifier> _classifiers;

    public AnalyticsModelSet(IReadOnlyDictionary<string, DenseClassifier> classifiers)
    {
        foreach (var name in Names)
        {
            if (!classifiers.ContainsKey(name))
                throw new ArgumentException($"No classifier for model '{name}'.", nameof(classifiers));
        }
        _classifiers = classifiers;
    }

    public DenseClassifier Classifier(string model) => _classifiers[model];

    /// <summary>True when one of <paramref name="models"/> reads the audio itself (needs the blocks' samples kept).</summary>
    public bool NeedsSamples(IEnumerable<string> models) => models.Any(m => _classifiers[m].Input is not null);

    /// <summary>The classifiers built into this assembly (trained by tools/Earshot.Lab).</summary>
    public static AnalyticsModelSet LoadBuiltin()
    {
        var assembly = typeof(AnalyticsModelSet).Assembly;
        var classifiers = new Dictionary<string, DenseClassifier>();
        foreach (var name in Names)
        {
            using var stream = assembly.GetManifestResourceStream($"Earshot.Engines.Analytics.{name}.json")
                ?? throw new InvalidOperationException($"The analytics classifier '{name}' is not built into this assembly.");
            using var reader = new StreamReader(stream);
            classifiers[name] = DenseClassifier.FromJson(reader.ReadToEnd());
        }
        return new AnalyticsModelSet(classifiers);
    }

    /// <summary>
    /// Verdicts of the requested models for one output step. Gender is answered here only where the step is silent or
    /// not speech; for a speech step it is left out, because gender is decided once for the whole speech segment the
    /// step belongs to (<see cref="ClassifyGender"/>, called by <see cref="ChannelTimeline"/>).
    /// </summary>
    /// <param name="level">RMS of the step's own samples (fraction of full scale), compared with the volume threshold.</param>
    public IReadOnlyDictionary<string, ModelVerdict> Classify(float[] features, float level, double volumeThreshold, IReadOnlyList<string> models)
    {
        var verdicts = new Dictionary<string, ModelVerdict>(models.Count);
        var silent = level < volumeThreshold;
        var speech = _classifiers[Speech].Predict(features);
        var speechRaw = Raw(_classifiers[Speech], speech);
        var speechClass = _classifiers[Speech].Classes[ArgMax(speech)];
        var speechProbability = speechRaw["speech"];
        foreach (var model in models)
        {
            if (model == Speech)
            {
                verdicts[model] = silent ? new("silence", 1f, speechRaw) : new(speechClass, speech.Max(), speechRaw);
                continue;
            }
            var classifier = _classifiers[model];
            if (model == Gender)
            {
                if (silent)
                    verdicts[model] = new("silence", 1f, Even(classifier));
                else if (speechClass != "speech")
                    verdicts[model] = new("no_speech", 1 - speechProbability, Even(classifier));
                continue;
            }
            var probabilities = classifier.Predict(features);
            var raw = Raw(classifier, probabilities);
            var best = ArgMax(probabilities);
            verdicts[model] = silent ? new("silence", 1f, raw)
                : speechClass != "speech" ? new("no_speech", 1 - speechProbability, raw)
                : new(classifier.Classes[best], probabilities[best], raw);
        }
        return verdicts;
    }

    /// <summary>The gender of one speech segment, from the statistics of all its blocks and the voiceprint of its audio
    /// (null when it holds too little voiced audio for the network: then "unknown").</summary>
    public ModelVerdict ClassifyGender(float[] segmentFeatures, float[]? voiceprint)
    {
        var classifier = _classifiers[Gender];
        if (voiceprint is null)
            return new("unknown", 1f, Even(classifier));
        var probabilities = classifier.Predict(DenseClassifier.Join(classifier.Input!, voiceprint, segmentFeatures));
        var raw = Raw(classifier, probabilities);
        var best = ArgMax(probabilities);
        return probabilities[best] < GenderUnknownBelow ? new("unknown", 1 - probabilities[best], raw) : new(classifier.Classes[best], probabilities[best], raw);
    }

    public static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
                best = i;
        }
        return best;
    }

    private static Dictionary<string, float> Even(DenseClassifier classifier) =>
        classifier.Classes.ToDictionary(c => c, _ => 1f / classifier.Classes.Length);

    private static Dictionary<string, float> Raw(DenseClassifier classifier, float[] probabilities) =>
        classifier.Classes.Select((c, i) => (c, p: probabilities[i])).ToDictionary(x => x.c, x => x.p);
}
