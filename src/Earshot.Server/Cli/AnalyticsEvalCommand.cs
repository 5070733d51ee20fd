using System.Globalization;
using Earshot.Engines.Analytics;
using Earshot.Engines.SileroVad;
using Earshot.Server.Models;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Cli;

/// <summary>
/// `earshot eval analytics [--eval DIR] [--threads N]`: the shipped speech, gender, arousal and emotions classifiers on
/// their held-out (speaker- or recording-disjoint) windows: accuracy, chance and confusion matrix per model. Gender is
/// decided per speech segment, so it is scored on the server's own time series of each held-out recording, per step.
/// </summary>
internal static class AnalyticsEvalCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
            options[args[i].TrimStart('-')] = args[i + 1];
        var evalDirectory = options.GetValueOrDefault("eval", Path.Combine("..", "shared", "eval"));
        if (!Directory.Exists(Path.Combine(evalDirectory, "nonspeech")))
        {
            Console.Error.WriteLine($"earshot eval analytics: no eval data under '{evalDirectory}' (give --eval DIR with speech/, nonspeech/, speakers/, emotion/).");
            return 2;
        }
        var threads = int.Parse(options.GetValueOrDefault("threads", "2"), CultureInfo.InvariantCulture);

        var app = EarshotCli.BuildApp(["--Logging:LogLevel:Default=Warning", "--Models:PreloadOnStartup=false"]);
        var vad = app.Services.GetRequiredService<ModelRegistry>().OfType<SileroVoiceActivityDetector>().FirstOrDefault();
        if (vad is null)
        {
            Console.Error.WriteLine("earshot eval analytics: the silero-vad model is not installed (scripts/install-models.sh).");
            return 1;
        }
        var ffmpeg = app.Services.GetRequiredService<IOptions<EarshotOptions>>().Value.Tools.Ffmpeg;
        var models = AnalyticsModelSet.LoadBuiltin();
        var heldOut = AnalyticsCorpus.Load(evalDirectory).Where(i => i.Split != "train").ToList();
        var speakers = app.Services.GetRequiredService<Voices.SpeakerModels>().Model;
        if (speakers is null)
        {
            Console.Error.WriteLine("earshot eval analytics: the gender model needs vosk-model-spk-0.4 (scripts/install-models.sh).");
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
