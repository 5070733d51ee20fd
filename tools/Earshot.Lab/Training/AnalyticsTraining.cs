using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Earshot.Engines.Analytics;
using Earshot.Engines.SileroVad;
using Earshot.Engines.Speakers;

namespace Earshot.Lab;

/// <summary>`train-analytics`: trains the four analytics classifiers on the training splits and prints the held-out figures.</summary>
public static class AnalyticsTraining
{
    public const string Command = "dotnet run -c Release --project tools/Earshot.Lab -- train-analytics";

    private static readonly Dictionary<string, string[]> Classes = new()
    {
        [AnalyticsModelSet.Speech] = ["speech", "music", "other"],
        [AnalyticsModelSet.Gender] = ["male", "female"],
        [AnalyticsModelSet.Arousal] = ["low", "neutral", "high"],
        [AnalyticsModelSet.Emotions] = ["happy", "irritated", "neutral", "tired"],
    };

    public static Command Create()
    {
        var eval = new Option<string>("--eval") { Description = "Eval data folder.", DefaultValueFactory = _ => Path.Combine("..", "shared", "eval"), HelpName = "DIR" };
        var speechocean = new Option<string>("--speechocean")
        {
            Description = "speechocean762 (Kaldi layout: train/wav.scp, utt2spk, spk2gender, spk2age), for gender.",
            DefaultValueFactory = _ => Path.Combine("..", "data", "speechocean762"), HelpName = "DIR",
        };
        var models = new Option<string>("--models") { Description = "Models directory (silero-vad, the speaker model).", DefaultValueFactory = _ => "models", HelpName = "DIR" };
        var output = new Option<string>("--out") { Description = "Where the weight files are written.", DefaultValueFactory = _ => Path.Combine("src", "Earshot.Engines", "Analytics", "Models"), HelpName = "DIR" };
        var threads = new Option<int>("--threads") { Description = "Threads that cut and embed windows.", DefaultValueFactory = _ => 2 };
        var cache = new Option<string>("--cache") { Description = "Reuse (or write) the labelled windows in this JSON file (and FILE.gender, FILE.heldout).", HelpName = "FILE" };
        var only = new Option<string>("--only") { Description = "Comma-separated models to retrain (speech, gender, arousal, emotions).", HelpName = "MODELS" };
        var hidden = new Option<int>("--hidden") { Description = "Gender: hidden units.", DefaultValueFactory = _ => 32 };
        var epochs = new Option<int>("--epochs") { Description = "Gender: training epochs.", DefaultValueFactory = _ => 80 };
        var l2 = new Option<float>("--l2") { Description = "Gender: L2 penalty.", DefaultValueFactory = _ => 0.001f };
        var genderInput = new Option<string>("--gender-input") { Description = "Gender: the classifier's input.", DefaultValueFactory = _ => "voiceprint+window" };
        var command = new Command("train-analytics",
            "Train the speech, gender, arousal and emotions classifiers on the eval data's training splits (gender also on speechocean762's), print their held-out figures, write the weight files.")
        {
            eval, speechocean, models, output, threads, cache, only, hidden, epochs, l2, genderInput,
        };
        command.SetAction(parsed => RunAsync(new TrainingSettings(parsed.GetRequiredValue(eval), parsed.GetRequiredValue(speechocean), parsed.GetRequiredValue(models),
            parsed.GetRequiredValue(output), parsed.GetValue(threads), parsed.GetValue(cache), parsed.GetValue(only)?.Split(',') ?? [.. Classes.Keys],
            new MlpSettings(Hidden: parsed.GetValue(hidden), Epochs: parsed.GetValue(epochs), L2: parsed.GetValue(l2)), parsed.GetRequiredValue(genderInput))));
        return command;
    }

    private sealed record TrainingSettings(string Eval, string Speechocean, string Models, string Output, int Threads, string? Cache, string[] Only,
        MlpSettings Gender, string GenderInput);

    private static async Task<int> RunAsync(TrainingSettings options)
    {
        var (evalDirectory, speechocean, modelsDirectory, output, threads, cache, only) =
            (options.Eval, options.Speechocean, options.Models, options.Output, options.Threads, options.Cache, options.Only);
        if (!File.Exists(Path.Combine(speechocean, "train", "wav.scp")))
        {
            Console.Error.WriteLine($"earshot-lab train-analytics: no speechocean762 training split under '{speechocean}' (give --speechocean DIR with train/wav.scp).");
            return 2;
        }

        using var vad = new SileroVoiceActivityDetector(new SileroVadOptions
        {
            ModelPath = Path.Combine(modelsDirectory, "silero-vad", "weights", SileroVadPlugin.DefaultModelFile),
        });
        var speakers = SpeakerModel.Load(Path.Combine(modelsDirectory, SpeakerModel.FolderName));
        var corpus = AnalyticsCorpus.Load(evalDirectory, speechocean);
        var windows = only.Any(t => t != AnalyticsModelSet.Gender)
            ? await Cached(cache, () => AnalyticsDataset.BuildAsync(corpus, vad, "ffmpeg", threads, Console.Error.WriteLine, CancellationToken.None))
            : [];
        var genderExamples = only.Contains(AnalyticsModelSet.Gender)
            ? await Cached(cache is null ? null : cache + ".gender",
                () => GenderDataset.BuildAsync(corpus, vad, speakers, "ffmpeg", threads, Console.Error.WriteLine, CancellationToken.None))
            : [];
        var (genderSettings, genderInput) = (options.Gender, options.GenderInput);

        Directory.CreateDirectory(output);
        foreach (var (task, classes) in Classes.Where(c => only.Contains(c.Key)))
        {
            var gender = task == AnalyticsModelSet.Gender;
            var train = (gender ? genderExamples : windows).Where(w => w.Task == task && w.Split == "train" && classes.Contains(w.Label)).ToList();
            var trainGroups = train.Select(w => w.Group).Distinct().Order(StringComparer.Ordinal).ToList();
            // Gender reads the x-vector voiceprint of the segment (vosk-model-spk-0.4) beside the segment's statistics.
            var model = MlpTrainer.Train(task, classes, train, gender ? genderSettings : new MlpSettings(), gender ? genderInput : null);
            IReadOnlyList<HeldOutRecording> heldOut = gender ? await HeldOutAsync(cache, WithGender(output, model), corpus, vad, speakers, threads) : [];
            IReadOnlyList<ClassifierScore> scores = gender
                ? GenderDataset.Score(WithGender(output, model), heldOut)
                : [AnalyticsEvaluation.Score(model, windows, "test")!];
            var test = scores.First(s => s.Split == "test");
            var testGroups = corpus.Where(i => i.Task == task && i.Split == "test").Select(i => i.Group).Distinct().Order(StringComparer.Ordinal).ToList();
            model = new DenseClassifier
            {
                Name = model.Name, Input = model.Input, Classes = model.Classes, Mean = model.Mean, Scale = model.Scale, Layers = model.Layers,
                Provenance = new ClassifierProvenance(Command, $"{train.Count} {(gender ? "segments" : "windows")}; groups: {string.Join(", ", trainGroups)}",
                    $"groups: {string.Join(", ", testGroups)}", Math.Round(test.Accuracy, 4), Math.Round(test.Chance, 4), test.Windows),
            };
            await File.WriteAllTextAsync(Path.Combine(output, task + ".json"), model.ToJson());
            Console.WriteLine($"{task}: trained on {train.Count} {(gender ? "segments" : "windows")} from {trainGroups.Count} groups ({string.Join(", ", classes.Select(c => $"{c} {train.Count(w => w.Label == c)}"))})");
            foreach (var score in scores)
                Console.Write(score.Format());
            if (gender)
                PrintPerSpeaker(WithGender(output, model), heldOut);
            if (!gender && AnalyticsEvaluation.Score(model, windows, "test-children") is { } children)
                Console.Write(children.Format());
            Console.WriteLine();
        }
        await WriteChecksumsAsync(output);
        return 0;
    }

    /// <summary>SHA256SUMS of the weight files beside them (sha256sum's format; <c>sha256sum -c SHA256SUMS</c> checks them).</summary>
    private static async Task WriteChecksumsAsync(string folder)
    {
        var lines = AnalyticsModelSet.Names.Select(n => n + ".json").Where(f => File.Exists(Path.Combine(folder, f)))
            .Select(f => $"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, f))))}  {f}").ToList();
        await File.WriteAllLinesAsync(Path.Combine(folder, "SHA256SUMS"), lines);
    }

    /// <summary>Each held-out speaker's share of steps given the right gender (the steps "silence"/"no_speech" left out).</summary>
    private static void PrintPerSpeaker(AnalyticsModelSet models, IReadOnlyList<HeldOutRecording> heldOut)
    {
        foreach (var speaker in heldOut.GroupBy(r => (r.Item.Split, r.Item.Group, r.Item.Label)).OrderBy(g => g.Key.Split, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Group, StringComparer.Ordinal))
        {
            var steps = speaker.Sum(r => r.Segments.Sum(s => s.Steps));
            var right = speaker.Sum(r => r.Segments.Where(s => models.ClassifyGender(s.Features, s.Voiceprint).Result == r.Item.Label).Sum(s => s.Steps));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {speaker.Key.Split,-14} {speaker.Key.Group,-16} {speaker.Key.Label,-7} {right,4}/{steps,-4} {(steps == 0 ? 0 : (double)right / steps),7:P1}"));
        }
    }

    /// <summary>The held-out recordings' speech segments (where they lie depends on the speech model only, never on the
    /// gender model being trained), from the cache when there is one.</summary>
    private static async Task<IReadOnlyList<HeldOutRecording>> HeldOutAsync(string? cache, AnalyticsModelSet models, IReadOnlyList<CorpusItem> corpus,
        SileroVoiceActivityDetector vad, SpeakerModel speakers, int threads)
    {
        var path = cache is null ? null : cache + ".heldout";
        if (path is not null && File.Exists(path))
            return JsonSerializer.Deserialize<List<HeldOutRecording>>(await File.ReadAllTextAsync(path))!;
        var heldOut = await GenderDataset.HeldOutAsync(models, corpus, vad, speakers, "ffmpeg", threads, CancellationToken.None);
        if (path is not null)
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(heldOut));
        return heldOut;
    }

    /// <summary>The classifiers of <paramref name="folder"/> (the built-in ones where it has none yet) with a new gender
    /// classifier, as the server would run them.</summary>
    private static AnalyticsModelSet WithGender(string folder, DenseClassifier gender)
    {
        var builtin = AnalyticsModelSet.LoadBuiltin();
        var classifiers = AnalyticsModelSet.Names.Where(n => n != AnalyticsModelSet.Gender).ToDictionary(n => n,
            n => File.Exists(Path.Combine(folder, n + ".json")) ? DenseClassifier.FromJson(File.ReadAllText(Path.Combine(folder, n + ".json"))) : builtin.Classifier(n));
        classifiers[AnalyticsModelSet.Gender] = gender;
        return new AnalyticsModelSet(classifiers);
    }

    private static async Task<IReadOnlyList<LabelledWindow>> Cached(string? cache, Func<Task<IReadOnlyList<LabelledWindow>>> build)
    {
        if (cache is not null && File.Exists(cache))
            return JsonSerializer.Deserialize<List<LabelledWindow>>(await File.ReadAllTextAsync(cache))!;
        var windows = await build();
        if (cache is not null)
            await File.WriteAllTextAsync(cache, JsonSerializer.Serialize(windows));
        return windows;
    }
}
