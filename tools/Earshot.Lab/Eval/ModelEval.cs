using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Earshot.Audio;
using Earshot.Sdk.Models;
using Earshot.Server.Cli;
using Earshot.Server.Models;
using Microsoft.Extensions.DependencyInjection;
using Earshot.Text;
using Earshot.Text.Tables;

namespace Earshot.Lab;

/// <summary>
/// `eval asr|ocr --manifest FILE [--model NAME] [--acoustic-model DIR] [--limit N]`: runs a loaded model over a manifest and
/// prints error rates (normalised WER for speech, CER for images) and speed, per file and in total. `--acoustic-model`
/// points the built-in `pocketsphinx` model at another acoustic model folder (to measure one before installing it).
/// </summary>
internal static class ModelEval
{
    public static Command Create(string kind, string description)
    {
        var manifest = LabCommandLine.ExistingFile("--manifest", "Tab-separated manifest with a header row; paths are relative to its folder.", required: true);
        var model = new Option<string>("--model") { Description = "Model name as the server lists it.", DefaultValueFactory = _ => kind == "asr" ? "pocketsphinx" : "tesseract" };
        var acousticModel = LabCommandLine.AcousticModel();
        var limit = new Option<int>("--limit") { Description = "Only the first N rows.", DefaultValueFactory = _ => int.MaxValue };
        var command = new Command(kind, description) { manifest, model, limit };
        if (kind == "asr")
            command.Options.Add(acousticModel);
        command.SetAction(async parsed =>
        {
            string[] settings = ["--Logging:LogLevel:Default=Warning", "--Models:PreloadOnStartup=false"];
            if (parsed.GetValue(acousticModel) is { } folder)
                settings = [.. settings, $"--Models:Builtin:pocketsphinx:ModelPath={Path.GetFullPath(folder)}"];
            var app = EarshotCli.BuildApp(settings);
            var registry = app.Services.GetRequiredService<ModelRegistry>();
            var path = parsed.GetRequiredValue(manifest);
            return kind == "asr"
                ? await EvalAsrAsync(registry, path, parsed.GetRequiredValue(model), parsed.GetValue(limit))
                : await EvalOcrAsync(registry, path, parsed.GetRequiredValue(model), parsed.GetValue(limit));
        });
        return command;
    }

    private static async Task<int> EvalOcrAsync(ModelRegistry registry, string manifest, string modelName, int limit)
    {
        if (registry.Find<IImageTextRecognizer>(modelName) is not { } model)
            return UnknownModel(modelName, registry.NamesOf<IImageTextRecognizer>());
        var root = Path.GetDirectoryName(Path.GetFullPath(manifest))!;
        var rows = TsvTable.Read(manifest).Rows.Take(limit).ToList();
        var total = ErrorRate.Zero;
        var seconds = 0.0;
        Console.WriteLine($"{"image",-40} {"CER",8} {"chars",7} {"seconds",8}");
        foreach (var row in rows)
        {
            var truth = await File.ReadAllTextAsync(Path.Combine(root, row["ground_truth_file"]));
            var sw = Stopwatch.StartNew();
            var text = await model.RecognizeAsync(Path.Combine(root, row["file"]), CancellationToken.None);
            sw.Stop();
            var rate = ErrorRates.CharacterErrorRate(truth, text.Text);
            total += rate;
            seconds += sw.Elapsed.TotalSeconds;
            Console.WriteLine($"{row["file"],-40} {rate.Rate,8:P2} {rate.ReferenceLength,7} {sw.Elapsed.TotalSeconds,8:F2}");
        }
        Console.WriteLine($"{"TOTAL (" + modelName + ")",-40} {total.Rate,8:P2} {total.ReferenceLength,7} {seconds,8:F2}");
        return 0;
    }

    private static async Task<int> EvalAsrAsync(ModelRegistry registry, string manifest, string modelName, int limit)
    {
        if (registry.Find<ISpeechRecognizer>(modelName) is not { } model)
            return UnknownModel(modelName, registry.NamesOf<ISpeechRecognizer>());
        var root = Path.GetDirectoryName(Path.GetFullPath(manifest))!;
        var ffmpeg = new Ffmpeg();
        var temp = Directory.CreateTempSubdirectory("earshot-eval-").FullName;
        var total = ErrorRate.Zero;
        double audioSeconds = 0, decodeSeconds = 0;
        Console.WriteLine($"{"file",-58} {"WER",8} {"words",6} {"RTF",6}");
        try
        {
            foreach (var row in TsvTable.Read(manifest).Rows.Take(limit))
            {
                var wav = Path.Combine(temp, "eval.wav");
                await ffmpeg.ConvertToCanonicalWavAsync(Path.Combine(root, row["file"]), wav, CancellationToken.None);
                var audio = WavFile.Read(wav);
                var sw = Stopwatch.StartNew();
                var transcript = await model.TranscribeAsync(audio, new TranscribeOptions(), CancellationToken.None);
                sw.Stop();
                var rate = ErrorRates.WordErrorRate(row["transcript"], transcript.Text);
                total += rate;
                audioSeconds += audio.DurationSeconds;
                decodeSeconds += sw.Elapsed.TotalSeconds;
                Console.WriteLine($"{row["file"],-58} {rate.Rate,8:P1} {rate.ReferenceLength,6} {sw.Elapsed.TotalSeconds / audio.DurationSeconds,6:F2}");
            }
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
        Console.WriteLine($"{"TOTAL (" + modelName + ")",-58} {total.Rate,8:P1} {total.ReferenceLength,6} {decodeSeconds / audioSeconds,6:F2}");
        return 0;
    }

    private static int UnknownModel(string name, IEnumerable<string> available)
    {
        Console.Error.WriteLine($"earshot-lab eval: no model '{name}'. Available: {string.Join(", ", available)}.");
        return 2;
    }
}
