using System.CommandLine;
using Earshot.Engines.Analytics;
using Earshot.Engines.SileroVad;
using Earshot.Server;
using Earshot.Server.Cli;
using Earshot.Server.Models;
using Earshot.Server.Voices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Earshot.Lab;

/// <summary>
/// `eval analytics [--eval DIR] [--threads N]`: the shipped speech, gender, arousal and emotions classifiers on
/// their held-out (speaker- or recording-disjoint) windows: accuracy, chance and confusion matrix per model. Gender is
/// decided per speech segment, so it is scored on the server's own time series of each held-out recording, per step.
/// </summary>
internal static class AnalyticsEval
{
    public static Command Create()
    {
        var eval = new Option<string>("--eval") { Description = "Eval data folder (speech/, nonspeech/, speakers/, emotion/).", DefaultValueFactory = _ => Path.Combine("..", "shared", "eval"), HelpName = "DIR" };
        var threads = new Option<int>("--threads") { Description = "Threads that cut and embed windows.", DefaultValueFactory = _ => 2 };
        var command = new Command("analytics", "Audio analytics classifiers on their held-out speakers and recordings: accuracy against chance, confusion matrices.") { eval, threads };
        command.SetAction(parsed => RunAsync(parsed.GetRequiredValue(eval), parsed.GetValue(threads)));
        return command;
    }

    private static async Task<int> RunAsync(string evalDirectory, int threads)
    {
        if (!Directory.Exists(Path.Combine(evalDirectory, "nonspeech")))
        {
            Console.Error.WriteLine($"earshot-lab eval analytics: no eval data under '{evalDirectory}' (give --eval DIR with speech/, nonspeech/, speakers/, emotion/).");
            return LabCommandLine.UsageError;
        }

        var app = EarshotCli.BuildApp(["--Logging:LogLevel:Default=Warning", "--Models:PreloadOnStartup=false"]);
        var vad = app.Services.GetRequiredService<ModelRegistry>().OfType<SileroVoiceActivityDetector>().FirstOrDefault();
        if (vad is null)
        {
            Console.Error.WriteLine("earshot-lab eval analytics: the silero-vad model is not installed (scripts/install-models.sh).");
            return 1;
        }
        var ffmpeg = app.Services.GetRequiredService<IOptions<EarshotOptions>>().Value.Tools.Ffmpeg;
        var models = AnalyticsModelSet.LoadBuiltin();
        var heldOut = AnalyticsCorpus.Load(evalDirectory).Where(i => i.Split != "train").ToList();
        var speakers = app.Services.GetRequiredService<SpeakerModels>().Model;
        if (speakers is null)
        {
            Console.Error.WriteLine("earshot-lab eval analytics: the gender model needs vosk-model-spk-0.4 (scripts/install-models.sh).");
            return 1;
        }
        var windows = await AnalyticsDataset.BuildAsync(heldOut, vad, ffmpeg, threads, null, CancellationToken.None);
        var gender = GenderDataset.Score(models, await GenderDataset.HeldOutAsync(models, heldOut, vad, speakers, ffmpeg, threads, CancellationToken.None));
        foreach (var name in AnalyticsModelSet.Names)
        {
            var classifier = models.Classifier(name);
            var scores = name == AnalyticsModelSet.Gender ? gender
                : new[] { "test", "test-children" }.Select(split => AnalyticsEvaluation.Score(classifier, windows, split)).OfType<ClassifierScore>();
            foreach (var score in scores)
                Console.Write(score.Format());
            if (classifier.Provenance is { } provenance)
                Console.WriteLine($"  trained by: {provenance.Command}\n  held out: {provenance.Test}");
            Console.WriteLine();
        }
        return 0;
    }
}
