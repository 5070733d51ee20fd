using System.Globalization;
using Earshot.Audio;
using Earshot.Engines.PocketSphinx;
using Earshot.Engines.Reading;
using Earshot.Text;

namespace Earshot.Server.Cli;

/// <summary>
/// `earshot eval reading --manifest FILE [--limit N] [--stride N] [--seed N] [--methods plain,grammar]
/// [--draws K] [--halves 1] [--acoustic-model DIR]`: false-error rate on correct readings and precision/recall of planted deviations, per
/// recognition method (PocketSphinx). `joint:g=1e-5;i=1e-7;p=3e-3;broad=1;t=-1;plain=1;minins=15;gop=3` is the joint reading
/// grammar with other weights (see <see cref="JointReadingOptions"/>). `classifier-train` trains the reading classifier
/// with two-fold cross-validation and writes it to `--train FILE` (<see cref="ClassifierTraining"/>).
/// </summary>
internal static class ReadingEvalCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = EvalCommand.ParseOptions(args);
        if (!options.TryGetValue("manifest", out var manifest) || !File.Exists(manifest))
        {
            Console.Error.WriteLine("usage: earshot eval reading --manifest FILE [--limit N] [--stride N] [--seed N] [--methods plain,grammar,grammar+plain,grammar-no-insert,gop,joint,joint:g=..;i=..;p=..;gop=N,classifier,classifier=FILE.json,classifier@ins=X,classifier-train] [--train OUT.json] [--dump WORDS.tsv] [--doubles K] [--draws K] [--halves 1] [--half even|odd] [--pick i,j] [--joint-args \"-beam 1e-30\"] [--phone-lm PHONE.lm.bin] [--acoustic-model DIR] [--verbose 1] [--features FILE.tsv]");
            return 2;
        }
        if (options.TryGetValue("phone-lm", out var phoneModelPath) && !File.Exists(phoneModelPath))
        {
            Console.Error.WriteLine($"earshot eval reading: phone language model '{phoneModelPath}' not found.");
            return 2;
        }
        var acousticModel = options.GetValueOrDefault("acoustic-model", new PocketSphinxOptions().AcousticModelPath);
        if (!File.Exists(Path.Combine(acousticModel, "mdef")))
        {
            Console.Error.WriteLine($"earshot eval reading: --acoustic-model '{acousticModel}' is not an acoustic model folder (no mdef).");
            return 2;
        }
        var limit = options.TryGetValue("limit", out var l) ? int.Parse(l, CultureInfo.InvariantCulture) : int.MaxValue;
        var seed = options.TryGetValue("seed", out var s) ? int.Parse(s, CultureInfo.InvariantCulture) : 42;
        var names = options.GetValueOrDefault("methods", "plain,grammar").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var verbose = options.ContainsKey("verbose");

        using var recognizer = new PocketSphinxRecognizer(new PocketSphinxOptions { PoolSize = 2, AcousticModelPath = Path.GetFullPath(acousticModel),
            DecoderArguments = options.TryGetValue("decoder-args", out var decoderArgs) ? PocketSphinxOptions.ParseArguments(decoderArgs) : new Dictionary<string, string>() });
        var samples = await LoadAsync(manifest, limit);
        var pool = samples.SelectMany(x => TextNormalizer.Tokenize(x.Transcript)).Select(t => t.Normal)
            .Where(w => w.Length > 2 && w.All(char.IsAsciiLetterLower)).Distinct().ToList();
        var unknown = recognizer.FindUnknownWords(pool).ToHashSet();
        pool.RemoveAll(unknown.Contains);
        pool = pool.Order(StringComparer.Ordinal).ToList();

        var draws = options.TryGetValue("draws", out var k) ? int.Parse(k, CultureInfo.InvariantCulture) : 1;
        var evaluator = new ReadingEvaluator(seed, draws);
        var wall = System.Diagnostics.Stopwatch.StartNew();
        var grammar = new GrammarReadingRecognizer(recognizer);
        var stride = options.TryGetValue("stride", out var st) ? int.Parse(st, CultureInfo.InvariantCulture) : 1;
        samples = samples.Where((_, i) => i % stride == 0).ToList();
        if (options.TryGetValue("pick", out var picked))
        {
            var indices = picked.Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToHashSet();
            samples = samples.Where((_, i) => indices.Contains(i)).ToList();
        }
        var gop = new GopReadingRecognizer(recognizer);
        if (options.TryGetValue("features", out var featureFile))
            await GopFeatures.WriteAsync(gop, evaluator, samples, pool, featureFile);
        var halves = options.ContainsKey("halves");
        var results = new List<ReadingEvaluationResult>();
        JointReadingRecognizer? joint = null;
        JointReadingRecognizer Joint() => joint ??= new JointReadingRecognizer(recognizer, new JointReadingOptions { PoolSize = 2,
            DecoderArguments = options.TryGetValue("joint-args", out var jointArgs) ? PocketSphinxOptions.ParseArguments(jointArgs) : JointReadingOptions.Default.DecoderArguments }, gop);
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
                var output = options.GetValueOrDefault("train", "reading-classifier.json");
                var trained = await ClassifierTraining.RunAsync(Classified(), evaluator, samples, pool, output, new TrainingOptions(),
                    options.GetValueOrDefault("dump"), options.TryGetValue("doubles", out var doubles) ? int.Parse(doubles, CultureInfo.InvariantCulture) : 0);
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
            var only = options.GetValueOrDefault("half") switch { "even" => 0, "odd" => 1, _ => -1 };
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
        var lines = File.ReadAllLines(manifest).Where(x => x.Length > 0).ToArray();
        var header = lines[0].Split('\t');
        int fileColumn = Array.IndexOf(header, "file"), textColumn = Array.IndexOf(header, "transcript");
        var ffmpeg = new Ffmpeg();
        var temp = Directory.CreateTempSubdirectory("earshot-reading-").FullName;
        try
        {
            var samples = new List<ReadingSample>();
            foreach (var cells in lines.Skip(1).Take(limit).Select(x => x.Split('\t')))
            {
                var wav = Path.Combine(temp, "eval.wav");
                await ffmpeg.ConvertToCanonicalWavAsync(Path.Combine(root, cells[fileColumn]), wav, CancellationToken.None);
                samples.Add(new ReadingSample(cells[fileColumn], WavFile.Read(wav), cells[textColumn]));
            }
            return samples;
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }
}
