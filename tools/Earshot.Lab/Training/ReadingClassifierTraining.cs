using System.CommandLine;
using System.Globalization;
using Earshot.Engines.Reading;
using Earshot.Text;
using Earshot.Text.Tables;

namespace Earshot.Lab;

/// <summary>
/// `eval reading --methods classifier-train --train FILE.json`: trains <see cref="ReadingClassifier"/> on the evaluation's own correct
/// readings and planted deviations, and measures it honestly: a classifier trained on the even recordings is evaluated
/// on the odd ones and the other way round (two-fold cross-validation by recording); the figures of both folds together
/// are the estimate for unseen recordings. The classifier written to FILE is then trained on all recordings.
/// </summary>
internal static class ReadingClassifierTraining
{
    /// <param name="dump">A TSV file for every word's evidence and cross-validated verdict (analysis), or null.</param>
    /// <param name="doubles">References per recording with two deviations planted together, added to the training
    /// words (the evaluation itself plants one per reference).</param>
    public static async Task<List<ReadingEvaluationResult>> RunAsync(ClassifiedReadingRecognizer method, ReadingEvaluator evaluator,
        IReadOnlyList<ReadingSample> samples, IReadOnlyList<string> pool, string output, TrainingOptions options, string? dump = null, int doubles = 0)
    {
        var labelled = await CollectAsync(method, evaluator, samples, pool, doubles);
        var rows = new List<string> { string.Join('\t', new[] { "sample", "name", "kind", "planted", "word", "text", "label", "verdict", "p_correct", "p_sub", "p_omi" }.Concat(WordEvidence.Names)) };
        List<LabelledWord> Half(int parity) => labelled.Where(x => x.Sample % 2 == parity).Select(x => x.Word).ToList();
        var results = new List<ReadingEvaluationResult>();
        ReadingEvaluationResult? both = null;
        foreach (var (trainedOn, parity) in new[] { ("even", 0), ("odd", 1) })
        {
            var classifier = ReadingClassifier.Train(Half(parity), options);
            foreach (var x in labelled.Where(x => x.Sample % 2 != parity))
            {
                var p = classifier.Probabilities(x.Word.Features);
                rows.Add(string.Join('\t', new object[] { x.Sample, samples[x.Sample].Name, x.Kind, x.Planted, x.Index, x.Text,
                    x.Word.Label, classifier.Classify(x.Word.Features) }.Select(v => v.ToString()!)
                    .Concat(p.Concat(x.Word.Features).Select(v => v.ToString("0.####", CultureInfo.InvariantCulture)))));
            }
            var tested = samples.Select((x, i) => (x, i)).Where(p => p.i % 2 != parity).ToList();
            var result = await evaluator.EvaluateAsync(method.With(classifier), tested.Select(p => p.x).ToList(), pool, null,
                CancellationToken.None, tested.Select(p => p.i).ToList());
            results.Add(result with { Method = $"classifier/{(parity == 0 ? "odd" : "even")} (trained on {trainedOn})" });
            both = both is null ? result : both.Plus(result);
            Console.WriteLine($"# trained on {trainedOn}: thresholds sub {classifier.Thresholds[1]:F2}, omission {classifier.Thresholds[2]:F2}");
        }
        results.Insert(0, both! with { Method = "classifier/cross-validated (both folds)" });

        if (dump is not null)
            await File.WriteAllLinesAsync(dump, rows);
        var final = ReadingClassifier.Train(labelled.Select(x => x.Word).ToList(), options);
        await using (var file = File.Create(output))
            final.Save(file);
        Console.WriteLine($"# trained on all {samples.Count} recordings ({labelled.Count} words), written to {output}; thresholds sub {final.Thresholds[1]:F2}, omission {final.Thresholds[2]:F2}");
        Console.WriteLine($"# {"feature",-28} {"correct",8} {"subst",8} {"omission",8}");
        for (var j = 0; j < final.Features.Count; j++)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"# {final.Features[j],-28} {final.Weights[0][j],8:F3} {final.Weights[1][j],8:F3} {final.Weights[2][j],8:F3}"));
        var inSample = await evaluator.EvaluateAsync(method.With(final), samples, pool, null, CancellationToken.None);
        results.Add(inSample with { Method = "classifier/all (in-sample)" });
        return results;
    }

    /// <summary>
    /// `eval reading-words --words A.tsv[,B.tsv] [--drop f1,f2] [--l2 X] [--error-weight W] [--max-false F]
    /// [--write OUT.json]`: the same two-fold cross-validation (by recording) on dumps of <see cref="RunAsync"/> (no
    /// decoding, seconds), with some features left out (set to 0) or other training settings, for choosing them by
    /// measurement; the figures are those of the last dump's words, trained on the other half of every dump's
    /// recordings (dumps of other seeds add deviations, not recordings). `--write` trains on all their words and
    /// writes the classifier. Columns are found by name, so a dump may hold features the classifier no longer uses.
    /// </summary>
    public static Command CreateReadingWords()
    {
        var defaults = new TrainingOptions();
        var words = new Option<string>("--words") { Description = "Comma-separated word dumps of `eval reading --methods classifier-train --dump`.", Required = true, HelpName = "A.tsv[,B.tsv]" };
        words.Validators.Add(r =>
        {
            var paths = (r.GetValueOrDefault<string>() ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
            if (paths.Length == 0)
                r.AddError("--words: no file given.");
            foreach (var missing in paths.Where(p => !File.Exists(p)))
                r.AddError($"--words: '{missing}' not found.");
        });
        var drop = new Option<string>("--drop") { Description = "Features to leave out (set to 0), comma-separated." };
        var l2 = new Option<double>("--l2") { Description = "L2 penalty.", DefaultValueFactory = _ => defaults.L2 };
        var errorWeight = new Option<double>("--error-weight") { Description = "Weight of deviation words in training.", DefaultValueFactory = _ => defaults.ErrorWeight };
        var maxFalse = new Option<double>("--max-false") { Description = "False-error rate the thresholds aim at.", DefaultValueFactory = _ => defaults.MaxFalseErrorRate };
        var write = new Option<string>("--write") { Description = "Train on all the words and write the classifier here.", HelpName = "OUT.json" };
        var command = new Command("reading-words", "Cross-validate (or train) the reading classifier on dumps of its training words (no decoding).")
        {
            words, drop, l2, errorWeight, maxFalse, write,
        };
        command.SetAction(parsed => RunOfflineAsync(parsed.GetRequiredValue(words).Split(',', StringSplitOptions.RemoveEmptyEntries),
            (parsed.GetValue(drop) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(),
            new TrainingOptions { L2 = parsed.GetValue(l2), ErrorWeight = parsed.GetValue(errorWeight), MaxFalseErrorRate = parsed.GetValue(maxFalse) },
            parsed.GetValue(write)));
        return command;
    }

    private static async Task<int> RunOfflineAsync(string[] paths, HashSet<string> dropped, TrainingOptions training, string? output)
    {
        var dumps = new List<List<(int Sample, bool Double, LabelledWord Word)>>();
        foreach (var path in paths)
        {
            var table = TsvTable.Read(path);
            if (WordEvidence.Names.Where(n => !table.Columns.Contains(n)).ToList() is { Count: > 0 } missing)
                throw new InvalidDataException($"{path} lacks the features {string.Join(", ", missing)}.");
            dumps.Add(table.Rows.Select(c => (int.Parse(c["sample"], CultureInfo.InvariantCulture), c["kind"] == Double, new LabelledWord(
                WordEvidence.Names.Select(n => dropped.Contains(n) ? 0 : double.Parse(c[n], CultureInfo.InvariantCulture)).ToArray(),
                Enum.Parse<ReadingStatus>(c["label"]), c["kind"] switch { "Correct" => null, Double => DeviationKind.Substitution, var k => Enum.Parse<DeviationKind>(k) }))).ToList());
        }
        // each test word's verdict by the classifier trained on the other half of the recordings
        var verdicts = new List<(bool Double, LabelledWord Word, ReadingStatus Verdict)>();
        foreach (var parity in new[] { 0, 1 })
        {
            var classifier = ReadingClassifier.Train(dumps.SelectMany(d => d).Where(w => w.Sample % 2 == parity).Select(w => w.Word).ToList(), training);
            var fold = dumps[^1].Where(w => w.Sample % 2 != parity).Select(w => (w.Double, w.Word, classifier.Classify(w.Word.Features))).ToList();
            verdicts.AddRange(fold);
            Print($"trained on {(parity == 0 ? "even" : "odd")}", Figures(fold, doubles: false));
        }
        // the evaluation's figures: correct readings and single deviations; references with two deviations apart
        Print("both folds", Figures(verdicts, doubles: false));
        if (verdicts.Any(v => v.Double))
            Print("both folds (two deviations per reference)", Figures(verdicts, doubles: true));
        if (output is not null)
        {
            var final = ReadingClassifier.Train(dumps.SelectMany(d => d).Select(w => w.Word).ToList(), training);
            await using var file = File.Create(output);
            final.Save(file);
            Console.WriteLine($"trained on all {dumps.Sum(d => d.Count)} words, written to {output}; thresholds sub {final.Thresholds[1]:F2}, omission {final.Thresholds[2]:F2}");
        }
        return 0;

        static ClassifierFigures Figures(List<(bool Double, LabelledWord Word, ReadingStatus Verdict)> verdicts, bool doubles)
        {
            var chosen = verdicts.Where(v => v.Word.Altered is null || v.Double == doubles).ToList();
            return ClassifierFigures.Of(chosen.Select(v => v.Word).ToList(), chosen.Select(v => v.Verdict).ToList());
        }

        static void Print(string what, ClassifierFigures f) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-18} false errors {f.FalseErrorRate,6:P1}  sub R/P {f.SubstitutionRecall,4:P0} / {f.SubstitutionPrecision,4:P0}  omission R/P {f.OmissionRecall,4:P0} / {f.OmissionPrecision,4:P0}  worst {f.Worst:P0}"));
    }

    /// <summary>Every reference word of the evaluation (correct reading and altered references, as the evaluator plants
    /// them, plus <paramref name="doubles"/> references per recording with a substitution and an omission planted
    /// together) with its evidence and what was really read there, tagged with its recording's index.</summary>
    private static async Task<List<(int Sample, string Kind, int Planted, int Index, string Text, LabelledWord Word)>> CollectAsync(
        ClassifiedReadingRecognizer method, ReadingEvaluator evaluator, IReadOnlyList<ReadingSample> samples, IReadOnlyList<string> pool, int doubles)
    {
        var sorted = pool.Distinct().Order(StringComparer.Ordinal).ToList();
        var perSample = new List<(int, string, int, int, string, LabelledWord)>[samples.Count];
        using var gate = new SemaphoreSlim(2);
        await Task.WhenAll(samples.Select(async (sample, i) =>
        {
            await gate.WaitAsync();
            try
            {
                var references = new List<(string Kind, DeviationKind? Altered, string Reference, Dictionary<int, ReadingStatus> Planted)>
                    { ("Correct", null, sample.Transcript, []) };
                references.AddRange(ReadingEvaluator.Alterations(sample.Transcript, evaluator.RandomFor(i), sorted, evaluator.AlterationsPerKind)
                    .Select(a => (a.Kind.ToString(), (DeviationKind?)a.Kind, a.Reference, a.Kind switch
                    {
                        DeviationKind.Substitution => new Dictionary<int, ReadingStatus> { [a.Index] = ReadingStatus.Substitution },
                        DeviationKind.Omission => new Dictionary<int, ReadingStatus> { [a.Index] = ReadingStatus.Omission },
                        _ => [],
                    })));
                // a generator of its own, so the single deviations stay those of the evaluation
                var random = evaluator.RandomFor(1_000_000 + i);
                for (var d = 0; d < doubles; d++)
                {
                    if (TwoDeviations(sample.Transcript, sorted, random) is { } two)
                        references.Add((Double, DeviationKind.Substitution, two.Reference, two.Planted));
                }
                var words = new List<(int, string, int, int, string, LabelledWord)>();
                foreach (var (kind, altered, reference, planted) in references)
                {
                    var (scoring, _, features) = await method.EvidenceAsync(sample.Audio, reference, CancellationToken.None);
                    var first = planted.Count == 0 ? -1 : planted.Keys.Min();
                    for (var w = 0; w < features.Length; w++)
                    {
                        var label = planted.GetValueOrDefault(w, ReadingStatus.Correct);
                        words.Add((i, kind, first, w, scoring.PlainAssessment.Words[w].Text, new LabelledWord(features[w], label, altered)));
                    }
                }
                perSample[i] = words;
                Console.Error.WriteLine($"evidence {i + 1}/{samples.Count} {sample.Name}");
            }
            finally
            {
                gate.Release();
            }
        }));
        return perSample.SelectMany(x => x).ToList();
    }

    /// <summary>The dump's kind of a reference with two deviations (counted as altered, like the evaluator's).</summary>
    private const string Double = "Double";

    /// <summary>A reference with a word replaced and, elsewhere, a never-said word added, and the statuses at both places.</summary>
    private static (string Reference, Dictionary<int, ReadingStatus> Planted)? TwoDeviations(string transcript, IReadOnlyList<string> pool, Random random)
    {
        var words = TextNormalizer.Tokenize(transcript).Select(t => t.Text).ToList();
        if (ReadingEvaluator.Alter(words, DeviationKind.Substitution, pool, random) is not { } substituted)
            return null;
        var once = TextNormalizer.Tokenize(substituted.Reference).Select(t => t.Text).ToList();
        if (ReadingEvaluator.Alter(once, DeviationKind.Omission, pool, random) is not { } both)
            return null;
        var misread = both.Index <= substituted.Index ? substituted.Index + 1 : substituted.Index;
        return (both.Reference, new Dictionary<int, ReadingStatus> { [misread] = ReadingStatus.Substitution, [both.Index] = ReadingStatus.Omission });
    }
}
