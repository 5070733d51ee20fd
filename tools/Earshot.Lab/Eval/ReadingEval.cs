using System.CommandLine;
using System.Globalization;
using Earshot.Audio;
using Earshot.Engines.PocketSphinx;
using Earshot.Engines.Reading;
using Earshot.Text;
using Earshot.Text.Tables;

namespace Earshot.Lab;

/// <summary>
/// `eval reading --manifest FILE [--limit N] [--stride N] [--seed N] [--methods plain,classifier] [--draws K] [--halves]
/// [--acoustic-model DIR]`: false-error rate on correct readings and precision/recall of planted deviations, per
/// recognition method (PocketSphinx). `joint:g=1e-5;i=1e-7;p=3e-3;broad=1;t=-1;plain=1;minins=15;gop=3` is the joint reading
/// grammar with other weights (see <see cref="JointReadingOptions"/>). `classifier-train` trains the reading classifier
/// with two-fold cross-validation and writes it to `--train FILE` (<see cref="ReadingClassifierTraining"/>).
/// </summary>
internal static class ReadingEval
{
    private sealed record Settings(string Manifest, int Limit, int Stride, int Seed, string[] Methods, int Draws, bool Halves, string? Half,
        string? Pick, string? JointArgs, string? DecoderArgs, string? PhoneModel, string AcousticModel, bool Verbose, string? Features,
        string Train, string? Dump, int Doubles);

    public static Command Create()
    {
        var manifest = LabCommandLine.ExistingFile("--manifest", "Manifest with file and transcript columns (correct readings).", required: true);
        var limit = new Option<int>("--limit") { Description = "Only the first N rows.", DefaultValueFactory = _ => int.MaxValue };
        var stride = new Option<int>("--stride") { Description = "Every Nth recording of those loaded.", DefaultValueFactory = _ => 1 };
        var seed = new Option<int>("--seed") { Description = "Seed of the planted deviations.", DefaultValueFactory = _ => 42 };
        var methods = new Option<string>("--methods")
        {
            Description = "Comma-separated: plain, classifier, classifier=FILE.json, classifier@ins=X, joint, joint+gop, joint:KEY=V;…, gop, grammar, grammar+plain, grammar-no-insert, classifier-train.",
            DefaultValueFactory = _ => "plain,grammar",
        };
        methods.Validators.Add(r =>
        {
            foreach (var name in (r.GetValueOrDefault<string>() ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!IsMethod(name))
                    r.AddError($"--methods: unknown method '{name}'.");
            }
        });
        var draws = new Option<int>("--draws") { Description = "Planted deviations of each kind per recording.", DefaultValueFactory = _ => 1 };
        var halves = new Option<bool>("--halves") { Description = "Also print the figures of the even and the odd recordings apart." };
        var half = new Option<string>("--half") { Description = "Only the even or the odd recordings." };
        half.AcceptOnlyFromAmong("even", "odd");
        var pick = new Option<string>("--pick") { Description = "Only these recordings (comma-separated indices after --stride)." };
        var jointArgs = new Option<string>("--joint-args") { Description = "PocketSphinx arguments of the joint grammar decoder, e.g. \"-beam 1e-30\"." };
        var decoderArgs = new Option<string>("--decoder-args") { Description = "PocketSphinx arguments of the plain decoder." };
        var phoneModel = LabCommandLine.ExistingFile("--phone-lm", "The classifier's phone loop constrained by this phone n-gram.");
        var acousticModel = LabCommandLine.AcousticModel();
        var verbose = new Option<bool>("--verbose") { Description = "Print every recording's verdicts." };
        var features = new Option<string>("--features") { Description = "Write the GOP measurements of every reference word to this TSV file.", HelpName = "FILE" };
        var train = new Option<string>("--train") { Description = "classifier-train: where to write the trained classifier.", DefaultValueFactory = _ => "reading-classifier.json", HelpName = "FILE" };
        var dump = new Option<string>("--dump") { Description = "classifier-train: write every word's evidence and verdict to this TSV file.", HelpName = "FILE" };
        var doubles = new Option<int>("--doubles") { Description = "classifier-train: references per recording with two deviations planted together." };
        var command = new Command("reading", "Reading assessment: false errors on correct readings, recall/precision of planted deviations, per method.")
        {
            manifest, limit, stride, seed, methods, draws, halves, half, pick, jointArgs, decoderArgs, phoneModel, acousticModel, verbose, features, train, dump, doubles,
        };
        command.SetAction(parsed => RunAsync(new Settings(parsed.GetRequiredValue(manifest), parsed.GetValue(limit), parsed.GetValue(stride), parsed.GetValue(seed),
            parsed.GetRequiredValue(methods).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), parsed.GetValue(draws),
            parsed.GetValue(halves), parsed.GetValue(half), parsed.GetValue(pick), parsed.GetValue(jointArgs), parsed.GetValue(decoderArgs),
            parsed.GetValue(phoneModel), parsed.GetValue(acousticModel) ?? new PocketSphinxOptions().AcousticModelPath, parsed.GetValue(verbose),
            parsed.GetValue(features), parsed.GetRequiredValue(train), parsed.GetValue(dump), parsed.GetValue(doubles))));
        return command;
    }

    private static bool IsMethod(string name) =>
        name is "plain" or "classifier" or "classifier-train" or "grammar" or "grammar-no-insert" or "grammar+plain" or "gop"
        || name.StartsWith("joint", StringComparison.Ordinal) || name.StartsWith("classifier@ins=", StringComparison.Ordinal) || name.StartsWith("classifier=", StringComparison.Ordinal);

    private static async Task<int> RunAsync(Settings options)
    {
        if (!File.Exists(Path.Combine(options.AcousticModel, "mdef")))
        {
            Console.Error.WriteLine($"earshot-lab eval reading: acoustic model '{options.AcousticModel}' is not an acoustic model folder (no mdef).");
            return LabCommandLine.UsageError;
        }
        var (manifest, limit, seed, names, verbose, phoneModelPath) = (options.Manifest, options.Limit, options.Seed, options.Methods, options.Verbose, options.PhoneModel);
        var acousticModel = options.AcousticModel;

        using var recognizer = new PocketSphinxRecognizer(new PocketSphinxOptions { PoolSize = 2, AcousticModelPath = Path.GetFullPath(acousticModel),
            DecoderArguments = options.DecoderArgs is { } decoderArgs ? PocketSphinxOptions.ParseArguments(decoderArgs) : new Dictionary<string, string>() });
        var samples = await LoadAsync(manifest, limit);
        var pool = samples.SelectMany(x => TextNormalizer.Tokenize(x.Transcript)).Select(t => t.Normal)
            .Where(w => w.Length > 2 && w.All(char.IsAsciiLetterLower)).Distinct().ToList();
        var unknown = recognizer.FindUnknownWords(pool).ToHashSet();
        pool.RemoveAll(unknown.Contains);
        pool = pool.Order(StringComparer.Ordinal).ToList();

        var draws = options.Draws;
        var evaluator = new ReadingEvaluator(seed, draws);
        var wall = System.Diagnostics.Stopwatch.StartNew();
        var grammar = new GrammarReadingRecognizer(recognizer);
        var stride = options.Stride;
        samples = samples.Where((_, i) => i % stride == 0).ToList();
        if (options.Pick is { } picked)
        {
            var indices = picked.Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToHashSet();
            samples = samples.Where((_, i) => indices.Contains(i)).ToList();
        }
        var gop = new GopReadingRecognizer(recognizer);
        if (options.Features is { } featureFile)
            await GopFeatures.WriteAsync(gop, evaluator, samples, pool, featureFile);
        var halves = options.Halves;
        var results = new List<ReadingEvaluationResult>();
        JointReadingRecognizer? joint = null;
        JointReadingRecognizer Joint() => joint ??= new JointReadingRecognizer(recognizer, new JointReadingOptions { PoolSize = 2,
            DecoderArguments = options.JointArgs is { } jointArgs ? PocketSphinxOptions.ParseArguments(jointArgs) : JointReadingOptions.Default.DecoderArguments }, gop);
        ClassifiedReadingRecognizer? classified = null;
        // --phone-lm: the classifier's evidence against a phone loop constrained by a phone n-gram (for measuring it)
        ClassifiedReadingRecognizer Classified() => classified ??= phoneModelPath is null
            ? new ClassifiedReadingRecognizer(Joint())
            : new ClassifiedReadingRecognizer(Joint()).WithPhoneLoop(ClassifiedReadingRecognizer.EvidenceOptions.PhoneLoop with { LanguageModelPath = phoneModelPath });
        foreach (var name in names)
        {
            var methodWall = System.Diagnostics.Stopwatch.StartNew();
            var resultsBefore = results.Count;
            if (name == "classifier-train")
            {
                var output = options.Train;
                var trained = await ReadingClassifierTraining.RunAsync(Classified(), evaluator, samples, pool, output, new TrainingOptions(),
                    options.Dump, options.Doubles);
                results.AddRange(trained);
                Console.WriteLine($"# {name}: {methodWall.Elapsed.TotalMinutes:F1} min wall");
                trained.ForEach(Print);
                continue;
            }
            IReadingRecognizer method = name switch
            {
                "plain" => new CachedPlain(gop),
                _ when name.StartsWith("joint", StringComparison.Ordinal) => Joint().With(JointOptions(name)),
                "classifier" => Classified(),
                // another classifier file on the same evidence (decodes shared): comparing classifiers in one run
                _ when name.StartsWith("classifier=", StringComparison.Ordinal) => Classified().With(LoadClassifier(name["classifier=".Length..])),
                _ when name.StartsWith("classifier@ins=", StringComparison.Ordinal) =>
                    Classified().WithInsertionSpanThreshold(double.Parse(name["classifier@ins=".Length..], CultureInfo.InvariantCulture)),
                "grammar" => grammar,
                "grammar-no-insert" => new GrammarReadingRecognizer(recognizer, allowInsertions: false),
                "grammar+plain" => grammar.WithPlainConfirmation(),
                "gop" => gop,
                _ => throw new ArgumentException($"Unknown method '{name}'."),
            };
            var only = options.Half switch { "even" => 0, "odd" => 1, _ => -1 };
            var chosen = samples.Select((x, i) => (x, i)).Where(p => only < 0 || p.i % 2 == only).ToList();
            var whole = await evaluator.EvaluateAsync(method, chosen.Select(p => p.x).ToList(), pool, verbose ? Console.WriteLine : null,
                CancellationToken.None, chosen.Select(p => p.i).ToList());
            results.Add(whole with { Method = name });
            if (halves && only < 0 && method is GopReadingRecognizer or JointReadingRecognizer or CachedPlain)
            {
                // thresholds were chosen on the even recordings; decodes are cached, and the generators are those of the
                // full run (index in the full list), so these are exact subsets of the run above
                foreach (var (half, parity) in new[] { ("even", 0), ("odd", 1) })
                {
                    var subset = samples.Select((x, i) => (x, i)).Where(p => p.i % 2 == parity).ToList();
                    var part = await new ReadingEvaluator(seed, draws).EvaluateAsync(method, subset.Select(p => p.x).ToList(), pool, null, CancellationToken.None,
                        subset.Select(p => p.i).ToList());
                    results.Add(part with { Method = $"{name}/{half}" });
                }
            }
            Console.WriteLine($"# {name}: {methodWall.Elapsed.TotalMinutes:F1} min wall");
            results.Skip(resultsBefore).ToList().ForEach(Print);
        }

        Console.WriteLine($"{samples.Count} recordings, seed {seed}, {draws} planted deviation(s) of each kind per recording, {wall.Elapsed.TotalMinutes:F1} min wall in all");
        Console.WriteLine($"{"method",-18} {"false-err",9} {"sub R",6} {"sub P",6} {"omi R",6} {"omi P",6} {"ins R",6} {"ins P",6} {"RTF",5}");
        results.ForEach(Print);
        joint?.Dispose();
        return 0;
    }

    private static ReadingClassifier LoadClassifier(string path)
    {
        using var file = File.OpenRead(path);
        return ReadingClassifier.Load(file);
    }

    private static void Print(ReadingEvaluationResult r)
    {
        var d = r.Deviations;
        Console.WriteLine($"{r.Method,-18}\n{"",-18} {r.FalseErrorRate,9:P1} {d[0].Recall,6:P0} {d[0].Precision,6:P0} {d[1].Recall,6:P0} {d[1].Precision,6:P0} {d[2].Recall,6:P0} {d[2].Precision,6:P0} {r.DecodeSeconds / r.AudioSeconds,5:F2}");
        Console.WriteLine($"{"",-18} ({r.FalseErrors}/{r.ReferenceWords} words; planted/found/reported: " +
            string.Join(", ", d.Select(x => $"{x.Kind} {x.Planted}/{x.Found}/{x.Reported}")) + ")");
    }

    /// <summary>"joint" (the library defaults), "joint+gop" (= "joint:gop=3", GOP with the joint decode's veto) or "joint:g=1e-5;i=1e-7;p=3e-3;broad=1;ins=1;t=-1;plain=1;minins=15;skipspeech=20;gop=3".</summary>
    private static JointReadingOptions JointOptions(string name)
    {
        var o = new JointReadingOptions { PoolSize = 2 };
        var w = o.Weights;
        var spec = name.StartsWith("joint+gop", StringComparison.Ordinal) ? "+gop;" + name["joint+gop".Length..].TrimStart(':') : name.Split(':', 2).ElementAtOrDefault(1) ?? "";
        foreach (var part in spec.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "+gop")
            {
                o = o with { Gop = GopSecondOpinion.BothMustFlagGopTypes };
                continue;
            }
            var (key, text) = (part.Split('=')[0], part.Split('=')[1]);
            var value = double.Parse(text, CultureInfo.InvariantCulture);
            (o, w) = key switch
            {
                "g" => (o, w with { Garbage = value }),
                "w" => (o, w with { Word = value }),
                "i" => (o, w with { Insertion = value }),
                "p" => (o, w with { Phone = value }),
                "ins" => (o, w with { AllowInsertions = value != 0 }),
                "broad" => (o, w with { LoopPhones = value != 0 ? GarbageDictionary.BroadPhones : null }),
                "t" => (o with { CorrectThreshold = value }, w),
                "plain" => (o with { ConfirmWithPlain = value != 0 }, w),
                "gop" => (o with { Gop = (GopSecondOpinion)(int)value }, w),
                "skipspeech" => (o with { SkipWithSpeechFrames = (int)value }, w),
                "minins" => (o with { MinInsertionFrames = (int)value }, w),
                _ => throw new ArgumentException($"Unknown joint option '{key}' in '{name}'."),
            };
        }
        return o with { Weights = w };
    }

    /// <summary>The plain method on the GOP recogniser's cached plain decodes, so every method of a run shares them.</summary>
    private sealed class CachedPlain(GopReadingRecognizer gop) : IReadingRecognizer
    {
        public string Name => "plain";
        public bool UsesReference => false;

        public Task<Earshot.Sdk.Transcript> RecognizeAsync(Earshot.Sdk.Models.AudioBuffer audio, string reference, CancellationToken cancellationToken) =>
            gop.RecognizeAsync(audio, reference, cancellationToken);
    }

    private static async Task<List<ReadingSample>> LoadAsync(string manifest, int limit)
    {
        var root = Path.GetDirectoryName(Path.GetFullPath(manifest))!;
        var ffmpeg = new Ffmpeg();
        var temp = Directory.CreateTempSubdirectory("earshot-reading-").FullName;
        try
        {
            var samples = new List<ReadingSample>();
            foreach (var row in TsvTable.Read(manifest).Rows.Take(limit))
            {
                var wav = Path.Combine(temp, "eval.wav");
                await ffmpeg.ConvertToCanonicalWavAsync(Path.Combine(root, row["file"]), wav, CancellationToken.None);
                samples.Add(new ReadingSample(row["file"], WavFile.Read(wav), row["transcript"]));
            }
            return samples;
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }
}
