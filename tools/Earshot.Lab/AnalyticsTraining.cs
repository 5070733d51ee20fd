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

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options(args);
        var evalDirectory = options.GetValueOrDefault("eval", Path.Combine("..", "shared", "eval"));
        var modelsDirectory = options.GetValueOrDefault("models", "models");
        var output = options.GetValueOrDefault("out", Path.Combine("src", "Earshot.Engines", "Analytics", "Models"));
        var threads = int.Parse(options.GetValueOrDefault("threads", "2"), CultureInfo.InvariantCulture);
        var cache = options.GetValueOrDefault("cache");

        IReadOnlyList<LabelledWindow> windows;
        if (cache is not null && File.Exists(cache))
        {
            windows = JsonSerializer.Deserialize<List<LabelledWindow>>(await File.ReadAllTextAsync(cache))!;
        }
        else
        {
            using var vad = new SileroVoiceActivityDetector(new SileroVadOptions
            {
                ModelPath = Path.Combine(modelsDirectory, "silero-vad", "weights", SileroVadPlugin.DefaultModelFile),
            });
            var speakers = SpeakerModel.Load(Path.Combine(modelsDirectory, SpeakerModel.FolderName));
            var corpus = AnalyticsCorpus.Load(evalDirectory);
            windows = await AnalyticsDataset.BuildAsync(corpus, vad, "ffmpeg", threads, Console.Error.WriteLine, CancellationToken.None, speakers);
            if (cache is not null)
                await File.WriteAllTextAsync(cache, JsonSerializer.Serialize(windows));
        }

        Directory.CreateDirectory(output);
        foreach (var (task, classes) in Classes)
        {
            var train = windows.Where(w => w.Task == task && w.Split == "train" && classes.Contains(w.Label)).ToList();
            var trainGroups = train.Select(w => w.Group).Distinct().Order(StringComparer.Ordinal).ToList();
            var testGroups = windows.Where(w => w.Task == task && w.Split == "test").Select(w => w.Group).Distinct().Order(StringComparer.Ordinal).ToList();
            // Gender reads the x-vector voiceprint of the window (vosk-model-spk-0.4) beside the window statistics.
            var model = MlpTrainer.Train(task, classes, train, new MlpSettings(), task == AnalyticsModelSet.Gender ? "voiceprint+window" : null);
            var score = AnalyticsEvaluation.Score(model, windows, "test")!;
            model = new DenseClassifier
            {
                Name = model.Name, Input = model.Input, Classes = model.Classes, Mean = model.Mean, Scale = model.Scale, Layers = model.Layers,
                Provenance = new ClassifierProvenance(Command, $"{train.Count} windows; groups: {string.Join(", ", trainGroups)}",
                    $"groups: {string.Join(", ", testGroups)}", Math.Round(score.Accuracy, 4), Math.Round(score.Chance, 4), score.Windows),
            };
            await File.WriteAllTextAsync(Path.Combine(output, task + ".json"), model.ToJson());
            Console.WriteLine($"{task}: trained on {train.Count} windows from {trainGroups.Count} groups ({string.Join(", ", classes.Select(c => $"{c} {train.Count(w => w.Label == c)}"))})");
            Console.Write(score.Format());
            if (AnalyticsEvaluation.Score(model, windows, "test-children") is { } children)
                Console.Write(children.Format());
            Console.WriteLine();
        }
        return 0;
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
            options[args[i].TrimStart('-')] = args[i + 1];
        return options;
    }
}
