using System.Collections.Concurrent;
using System.Text.Json;

namespace Earshot.Engines.Reading;

/// <summary>A reference word's evidence (<see cref="WordEvidence"/>) with what was really read there.</summary>
/// <param name="Label">Correct, Substitution or Omission.</param>
/// <param name="Altered">The kind of deviation planted in the word's reference; null for a reference that is exactly what was said.</param>
public sealed record LabelledWord(double[] Features, ReadingStatus Label, DeviationKind? Altered);

/// <summary>How well a classifier does on labelled words, with the evaluation's definitions
/// (<see cref="ReadingEvaluator"/>): precision counts every report of a kind on altered references.</summary>
public sealed record ClassifierFigures(double FalseErrorRate, double SubstitutionRecall, double SubstitutionPrecision,
    double OmissionRecall, double OmissionPrecision)
{
    /// <summary>The worst of the four recall and precision figures: what the issue's goal (each ≥ 85 %) is about.</summary>
    public double Worst => new[] { SubstitutionRecall, SubstitutionPrecision, OmissionRecall, OmissionPrecision }.Min();

    public static ClassifierFigures Of(IReadOnlyList<LabelledWord> words, IReadOnlyList<ReadingStatus> predicted)
    {
        int correctReadings = 0, falseErrors = 0;
        int[] planted = new int[3], found = new int[3], reported = new int[3];
        for (var n = 0; n < words.Count; n++)
        {
            var (label, guess) = ((int)words[n].Label, (int)predicted[n]);
            if (words[n].Altered is null)
            {
                correctReadings++;
                falseErrors += guess == 0 ? 0 : 1;
                continue;
            }
            planted[label]++;
            reported[guess]++;
            found[label] += label == guess ? 1 : 0;
        }
        static double Ratio(int a, int b) => b == 0 ? 0 : (double)a / b;
        return new ClassifierFigures(Ratio(falseErrors, correctReadings), Ratio(found[1], planted[1]), Ratio(found[1], reported[1]),
            Ratio(found[2], planted[2]), Ratio(found[2], reported[2]));
    }
}

/// <summary>
/// Decides each reference word's status (correct, substitution or omission) from its evidence with a multinomial
/// logistic regression trained on the evaluation's planted deviations (`earshot-lab eval reading --methods classifier-train`). A word is an
/// error of a kind when that kind's probability exceeds its threshold (the larger excess wins); the thresholds are
/// chosen on the training words to maximise the worst of substitution and omission recall and precision while keeping
/// false errors on correct readings at or under <see cref="TrainingOptions.MaxFalseErrorRate"/>.
/// </summary>
/// <param name="Features">The feature names the weights belong to (<see cref="WordEvidence.Names"/>).</param>
/// <param name="Means">Per feature, the training mean subtracted before weighting.</param>
/// <param name="Scales">Per feature, the training standard deviation divided by.</param>
/// <param name="Weights">Per class (correct, substitution, omission), one weight per standardised feature.</param>
/// <param name="Thresholds">Per class, the probability above which a word is reported as that error (index 0 unused).</param>
public sealed record ReadingClassifier(IReadOnlyList<string> Features, double[] Means, double[] Scales, double[][] Weights, double[] Thresholds)
{
    private static readonly ReadingStatus[] Classes = [ReadingStatus.Correct, ReadingStatus.Substitution, ReadingStatus.Omission];
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private static readonly Lazy<ReadingClassifier> Shipped = new(() =>
    {
        using var stream = typeof(ReadingClassifier).Assembly.GetManifestResourceStream("Earshot.Engines.Reading.reading-classifier.json")
            ?? throw new InvalidOperationException("The trained reading classifier is missing from Earshot.Engines.");
        return Load(stream);
    });

    /// <summary>The classifier shipped with Earshot (src/Earshot.Engines/Reading/reading-classifier.json).</summary>
    public static ReadingClassifier Default => Shipped.Value;

    /// <summary>The name of a classifier file in an acoustic model folder, trained on that model's evidence.</summary>
    public const string ModelFileName = "reading-classifier.json";

    private static readonly ConcurrentDictionary<string, Lazy<ReadingClassifier>> ByModel = new();

    /// <summary>
    /// The classifier for an acoustic model: <see cref="ModelFileName"/> in its folder when there is one (an adapted
    /// model's evidence differs from the base model's, so its classifier is trained on it), else <see cref="Default"/>.
    /// Read once per folder and shared.
    /// </summary>
    /// <exception cref="InvalidDataException">The folder's classifier file is for other features or malformed.</exception>
    public static ReadingClassifier ForAcousticModel(string acousticModelPath)
    {
        var path = Path.Combine(Path.GetFullPath(acousticModelPath), ModelFileName);
        return ByModel.GetOrAdd(path, p => new Lazy<ReadingClassifier>(() =>
        {
            if (!File.Exists(p))
                return Default;
            using var file = File.OpenRead(p);
            return Load(file);
        })).Value;
    }

    /// <summary>Reads a classifier written by <see cref="Save"/>; it must be for the current <see cref="WordEvidence.Names"/>.</summary>
    /// <exception cref="InvalidDataException">The file is for other features or malformed.</exception>
    public static ReadingClassifier Load(Stream json)
    {
        ReadingClassifier? c;
        try
        {
            c = JsonSerializer.Deserialize<ReadingClassifier>(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The reading classifier is not valid JSON: {e.Message}", e);
        }
        if (c is null)
            throw new InvalidDataException("Empty reading classifier.");
        var f = WordEvidence.Names.Count;
        if (c.Features is null || c.Means is null || c.Scales is null || c.Weights is null || c.Thresholds is null
            || !c.Features.SequenceEqual(WordEvidence.Names) || c.Means.Length != f || c.Scales.Length != f
            || c.Weights.Length != Classes.Length || c.Weights.Any(w => w.Length != f) || c.Thresholds.Length != Classes.Length)
            throw new InvalidDataException($"The reading classifier was trained on other features than [{string.Join(", ", WordEvidence.Names)}].");
        return c;
    }

    public void Save(Stream json) => JsonSerializer.Serialize(json, this, Json);

    /// <summary>Probability of each class (correct, substitution, omission).</summary>
    public double[] Probabilities(double[] features) => Softmax(Logits(Weights, Standardise(features, Means, Scales)));

    public ReadingStatus Classify(double[] features) => Decide(Probabilities(features), Thresholds);

    private static ReadingStatus Decide(double[] p, double[] thresholds)
    {
        var (best, excess) = (0, 0.0);
        for (var k = 1; k < p.Length; k++)
        {
            if (p[k] > thresholds[k] && p[k] - thresholds[k] > excess)
                (best, excess) = (k, p[k] - thresholds[k]);
        }
        return Classes[best];
    }

    /// <summary>Fits the weights (L2-regularised softmax regression by gradient descent) and chooses the thresholds.</summary>
    public static ReadingClassifier Train(IReadOnlyList<LabelledWord> words, TrainingOptions? options = null)
    {
        options ??= new TrainingOptions();
        if (words.Count == 0)
            throw new ArgumentException("No training words.", nameof(words));
        var f = words[0].Features.Length;
        var (means, scales) = Standardisation(words, f);
        var x = words.Select(w => Standardise(w.Features, means, scales)).ToArray();
        var y = words.Select(w => Array.IndexOf(Classes, w.Label)).ToArray();
        if (y.Any(c => c < 0))
            throw new ArgumentException("Labels must be Correct, Substitution or Omission.", nameof(words));

        var weights = Enumerable.Range(0, Classes.Length).Select(_ => new double[f]).ToArray();
        var velocity = Enumerable.Range(0, Classes.Length).Select(_ => new double[f]).ToArray();
        var gradient = Enumerable.Range(0, Classes.Length).Select(_ => new double[f]).ToArray();
        var weightOf = words.Select(w => w.Label == ReadingStatus.Correct ? 1.0 : options.ErrorWeight).ToArray();
        var total = weightOf.Sum();
        for (var iteration = 0; iteration < options.Iterations; iteration++)
        {
            foreach (var g in gradient)
                Array.Clear(g);
            for (var n = 0; n < x.Length; n++)
            {
                var p = Softmax(Logits(weights, x[n]));
                for (var k = 0; k < Classes.Length; k++)
                {
                    var error = (p[k] - (y[n] == k ? 1 : 0)) * weightOf[n] / total;
                    for (var j = 0; j < f; j++)
                        gradient[k][j] += error * x[n][j];
                }
            }
            for (var k = 0; k < Classes.Length; k++)
            {
                for (var j = 0; j < f; j++)
                {
                    var regularised = gradient[k][j] + (j == 0 ? 0 : options.L2 * weights[k][j]);
                    velocity[k][j] = options.Momentum * velocity[k][j] - options.LearningRate * regularised;
                    weights[k][j] += velocity[k][j];
                }
            }
        }
        var classifier = new ReadingClassifier(WordEvidence.Names.Count == f ? WordEvidence.Names : Enumerable.Range(0, f).Select(j => $"f{j}").ToArray(),
            means, scales, weights, [0, 0.5, 0.5]);
        return classifier with { Thresholds = ChooseThresholds(classifier, words, options.MaxFalseErrorRate) };
    }

    /// <summary>The thresholds (on a 0.02 grid) with the best worst figure among those within the false-error limit.</summary>
    private static double[] ChooseThresholds(ReadingClassifier classifier, IReadOnlyList<LabelledWord> words, double maxFalseErrorRate)
    {
        var probabilities = words.Select(w => classifier.Probabilities(w.Features)).ToList();
        var (best, bestWorst) = (new double[] { 0, 0.5, 0.5 }, double.NegativeInfinity);
        for (var s = 0.02; s < 1; s += 0.02)
        {
            for (var o = 0.02; o < 1; o += 0.02)
            {
                double[] thresholds = [0, s, o];
                var figures = ClassifierFigures.Of(words, probabilities.Select(p => Decide(p, thresholds)).ToList());
                var worst = figures.FalseErrorRate <= maxFalseErrorRate ? figures.Worst : -1 - figures.FalseErrorRate;
                if (worst > bestWorst)
                    (best, bestWorst) = (thresholds, worst);
            }
        }
        return best;
    }

    private static (double[] Means, double[] Scales) Standardisation(IReadOnlyList<LabelledWord> words, int f)
    {
        var means = new double[f];
        var scales = new double[f];
        for (var j = 0; j < f; j++)
        {
            var column = words.Select(w => w.Features[j]).ToList();
            var mean = column.Average();
            var sd = Math.Sqrt(column.Sum(v => (v - mean) * (v - mean)) / column.Count);
            // the constant (and any feature that never varies) stays as it is
            (means[j], scales[j]) = sd < 1e-9 ? (0, 1) : (mean, sd);
        }
        return (means, scales);
    }

    private static double[] Standardise(double[] features, double[] means, double[] scales) =>
        features.Select((v, j) => (v - means[j]) / scales[j]).ToArray();

    private static double[] Logits(double[][] weights, double[] x)
    {
        var logits = new double[weights.Length];
        for (var k = 0; k < weights.Length; k++)
        {
            for (var j = 0; j < x.Length; j++)
                logits[k] += weights[k][j] * x[j];
        }
        return logits;
    }

    private static double[] Softmax(double[] logits)
    {
        var max = logits.Max();
        var e = logits.Select(l => Math.Exp(l - max)).ToArray();
        var sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }
}

/// <summary>Settings of <see cref="ReadingClassifier.Train"/>.</summary>
public sealed record TrainingOptions
{
    public int Iterations { get; init; } = 1500;
    public double LearningRate { get; init; } = 0.5;
    public double Momentum { get; init; } = 0.9;

    /// <summary>L2 penalty on the weights (not the constant).</summary>
    public double L2 { get; init; } = 1e-3;

    /// <summary>How much more a misread or skipped word counts in the loss than a correct one (they are rare).</summary>
    public double ErrorWeight { get; init; } = 2;

    /// <summary>The highest false-error rate on correct readings the thresholds may cost (the goal is 5 %; 3 % leaves room for readers the training never heard).</summary>
    public double MaxFalseErrorRate { get; init; } = 0.03;
}
