using Earshot.Engines.Reading;

namespace Earshot.Engines.Tests.Reading;

public sealed class ReadingClassifierTests
{
    /// <summary>Words whose first real feature says "misread" (high) or "skipped" (low) and whose second is noise;
    /// every other group of ten is a correct reading (no planted errors).</summary>
    private static List<LabelledWord> Synthetic(int seed, int count)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(n =>
        {
            var correctReading = n % 20 >= 10;
            var label = correctReading ? ReadingStatus.Correct
                : (n % 10) switch { 0 => ReadingStatus.Substitution, 1 => ReadingStatus.Omission, _ => ReadingStatus.Correct };
            var features = new double[WordEvidence.Names.Count];
            features[0] = 1;
            features[1] = label switch { ReadingStatus.Substitution => 3.0, ReadingStatus.Omission => -3.0, _ => 0.0 } + random.NextDouble() - 0.5;
            features[2] = random.NextDouble() * 10;
            DeviationKind? altered = correctReading ? null : label switch
            {
                ReadingStatus.Substitution => DeviationKind.Substitution,
                ReadingStatus.Omission => DeviationKind.Omission,
                _ => DeviationKind.Insertion,
            };
            return new LabelledWord(features, label, altered);
        }).ToList();
    }

    [Fact]
    public void Training_separates_the_classes_a_feature_tells_apart_and_ignores_noise()
    {
        var classifier = ReadingClassifier.Train(Synthetic(1, 2000));

        var test = Synthetic(2, 1000);
        var figures = ClassifierFigures.Of(test, test.Select(w => classifier.Classify(w.Features)).ToList());

        Assert.Equal(1.0, figures.Worst, 3);
        Assert.Equal(0, figures.FalseErrorRate);
        // the informative feature outweighs the noise for both error classes
        Assert.True(Math.Abs(classifier.Weights[1][1]) > 5 * Math.Abs(classifier.Weights[1][2]));
        Assert.True(Math.Abs(classifier.Weights[2][1]) > 5 * Math.Abs(classifier.Weights[2][2]));
    }

    [Fact]
    public void Thresholds_keep_false_errors_within_the_limit_when_the_classes_overlap()
    {
        var random = new Random(3);
        var words = Enumerable.Range(0, 3000).Select(n =>
        {
            var features = new double[WordEvidence.Names.Count];
            features[0] = 1;
            var error = n % 10 == 0;
            features[1] = (error ? 1.0 : 0.0) + random.NextDouble() * 1.5; // heavy overlap
            return n % 2 == 0
                ? new LabelledWord(features, error ? ReadingStatus.Substitution : ReadingStatus.Correct, DeviationKind.Substitution)
                : new LabelledWord(features, ReadingStatus.Correct, null);
        }).ToList();

        var classifier = ReadingClassifier.Train(words, new TrainingOptions { MaxFalseErrorRate = 0.02 });
        var figures = ClassifierFigures.Of(words, words.Select(w => classifier.Classify(w.Features)).ToList());

        Assert.InRange(figures.FalseErrorRate, 0, 0.02);
        Assert.InRange(figures.SubstitutionRecall, 0.01, 0.99);
    }

    [Fact]
    public void A_saved_classifier_loads_back_and_classifies_the_same()
    {
        var classifier = ReadingClassifier.Train(Synthetic(4, 500), new TrainingOptions { Iterations = 200 });
        using var stream = new MemoryStream();
        classifier.Save(stream);
        stream.Position = 0;

        var loaded = ReadingClassifier.Load(stream);

        foreach (var word in Synthetic(5, 100))
            Assert.Equal(classifier.Probabilities(word.Features), loaded.Probabilities(word.Features));
        Assert.Equal(classifier.Thresholds, loaded.Thresholds);
    }

    [Fact]
    public void A_classifier_for_other_features_is_refused()
    {
        var classifier = ReadingClassifier.Train(Synthetic(6, 200), new TrainingOptions { Iterations = 10 });
        using var stream = new MemoryStream();
        (classifier with { Features = [.. classifier.Features.Take(3), "something_else", .. classifier.Features.Skip(4)] }).Save(stream);
        stream.Position = 0;

        Assert.Throws<InvalidDataException>(() => ReadingClassifier.Load(stream));
    }

    [Fact]
    public void The_shipped_classifier_is_for_the_current_features()
    {
        var shipped = ReadingClassifier.Default;

        Assert.Equal(WordEvidence.Names, shipped.Features);
        Assert.All(shipped.Thresholds.Skip(1), t => Assert.InRange(t, 0.01, 0.99));
    }

    [Fact]
    public void An_acoustic_model_folder_with_a_classifier_file_gets_that_classifier()
    {
        var folder = Directory.CreateTempSubdirectory("earshot-classifier-").FullName;
        try
        {
            var trained = ReadingClassifier.Train(Synthetic(7, 300), new TrainingOptions { Iterations = 50 });
            using (var file = File.Create(Path.Combine(folder, ReadingClassifier.ModelFileName)))
                trained.Save(file);

            var chosen = ReadingClassifier.ForAcousticModel(folder);

            Assert.NotSame(ReadingClassifier.Default, chosen);
            Assert.Equal(trained.Thresholds, chosen.Thresholds);
            Assert.Same(chosen, ReadingClassifier.ForAcousticModel(folder + Path.DirectorySeparatorChar));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void An_acoustic_model_folder_without_a_classifier_file_gets_the_shipped_one()
    {
        var folder = Directory.CreateTempSubdirectory("earshot-classifier-").FullName;
        try
        {
            Assert.Same(ReadingClassifier.Default, ReadingClassifier.ForAcousticModel(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>scripts/install-models.sh puts the learners' classifier (assets/pocketsphinx-learners) into the model's folder.</summary>
    [Fact]
    public void The_installed_learners_model_has_a_classifier_of_its_own()
    {
        var learners = ReadingClassifier.ForAcousticModel(Path.Combine(Earshot.Testing.RepositoryPaths.Models, "pocketsphinx-learners"));

        Assert.NotSame(ReadingClassifier.Default, learners);
        Assert.Equal(WordEvidence.Names, learners.Features);
    }
}
