using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Earshot.Audio;
using Earshot.Engines.Speakers;
using Earshot.Sdk.Models;
using Earshot.Text.Tables;

namespace Earshot.Lab;

/// <summary>
/// `eval speakers --trials FILE [--models DIR] [--lengths] [--threshold X]`: scores every trial (enrolment clips against a
/// test clip) with the x-vector model and prints EER, minDCF (p_target 0.01) and the EER threshold, overall and per
/// condition; --lengths adds the EER when enrolment and test audio are cut to 1, 2 and 3 seconds.
/// </summary>
internal static class SpeakerEval
{
    public static Command Create()
    {
        var trials = LabCommandLine.ExistingFile("--trials", "Trials: enroll_files, test_file, label (target|nontarget), [condition], [speaker_enroll].", required: true);
        var models = new Option<string>("--models") { Description = "Models directory (else $EARSHOT_MODELS, else ./models).", HelpName = "DIR" };
        var lengths = new Option<bool>("--lengths") { Description = "Also the EER with enrolment and test audio cut to 1, 2 and 3 seconds." };
        var threshold = new Option<double?>("--threshold") { Description = "Threshold applied per condition (default: the EER threshold of all trials)." };
        var command = new Command("speakers", "Voice verification: EER, minDCF and threshold of the x-vector model over trials.") { trials, models, lengths, threshold };
        command.SetAction(parsed => RunAsync(parsed.GetRequiredValue(trials), parsed.GetValue(models), parsed.GetValue(lengths), parsed.GetValue(threshold)));
        return command;
    }

    private static async Task<int> RunAsync(string trialsPath, string? modelsOption, bool lengths, double? fixedThreshold)
    {
        var modelsDir = modelsOption ?? Environment.GetEnvironmentVariable("EARSHOT_MODELS") ?? "models";
        var modelDir = Path.Combine(modelsDir, SpeakerModel.FolderName);
        if (!File.Exists(Path.Combine(modelDir, "final.ext.raw")))
        {
            Console.Error.WriteLine($"earshot-lab eval speakers: no speaker model in {modelDir}; run scripts/install-models.sh.");
            return 2;
        }

        var root = Path.GetDirectoryName(Path.GetFullPath(trialsPath))!;
        var trials = TsvTable.Read(trialsPath).Rows.Select(r => new Trial(r["enroll_files"].Split(','), r["test_file"],
            r["label"] == "target", r.Get("condition", r["label"]), r.Get("speaker_enroll", ""))).ToList();
        var ages = ReadAges(Path.Combine(root, "manifest.tsv"));

        var load = Stopwatch.StartNew();
        var model = SpeakerModel.Load(modelDir);
        Console.WriteLine($"model {modelDir} loaded in {load.Elapsed.TotalSeconds:F2} s");
        var audio = await DecodeAllAsync(root, trials);

        var embedWatch = new Stopwatch();
        double embeddedSeconds = 0;
        var cache = new Dictionary<(string, double), SpeakerEmbedding?>();
        SpeakerEmbedding? Embed(string file, double seconds)
        {
            if (!cache.TryGetValue((file, seconds), out var e))
            {
                var clip = audio[file];
                if (seconds > 0)
                    clip = clip.Slice(0, seconds);
                embedWatch.Start();
                e = model.Embed(clip);
                embedWatch.Stop();
                embeddedSeconds += clip.DurationSeconds;
                cache[(file, seconds)] = e;
            }
            return e;
        }
        SpeakerEmbedding? Enrolment(Trial trial, double seconds)
        {
            if (seconds <= 0)
            {
                var parts = trial.Enroll.Select(f => Embed(f, 0)).OfType<SpeakerEmbedding>().ToList();
                return parts.Count == 0 ? null : SpeakerEmbedding.Combine(parts);
            }
            var key = string.Join(",", trial.Enroll);
            if (!audio.ContainsKey(key))
                audio[key] = new AudioBuffer([.. trial.Enroll.SelectMany(f => audio[f].Samples)]);
            return Embed(key, seconds);
        }
        List<Scored> Score(double enrollSeconds, double testSeconds) =>
        [
            .. trials.Select(trial =>
            {
                var enrol = Enrolment(trial, enrollSeconds);
                var test = Embed(trial.Test, testSeconds);
                double? score = enrol is null || test is null ? null : SpeakerModel.Score(model.Voiceprint(enrol), model.Voiceprint(test));
                return new Scored(trial, score);
            }),
        ];

        var full = Score(0, 0);
        Console.WriteLine($"trials {trials.Count} ({full.Count(s => s.Trial.Target)} target), {audio.Count} clips; " +
            $"x-vector extraction {embedWatch.Elapsed.TotalSeconds / Math.Max(1e-9, embeddedSeconds):F4} s per audio second (one thread)");
        Console.WriteLine();
        Console.WriteLine($"{"condition",-44} {"trials",6} {"EER",7} {"minDCF",7} {"EER thr",8} {"miss@thr",9} {"fa@thr",7}");
        var (_, eerThreshold) = Report("all", full, null);
        var threshold = fixedThreshold ?? eerThreshold;
        foreach (var condition in full.Where(s => !s.Trial.Target).Select(s => s.Trial.Condition).Distinct().Order())
            Report(condition, [.. full.Where(s => s.Trial.Target || s.Trial.Condition == condition)], threshold);
        foreach (var (name, child) in new[] { ("enrolled speaker a child (age < 13)", true), ("enrolled speaker 13 or older", false) })
            Report(name, [.. full.Where(s => ages.TryGetValue(s.Trial.Speaker, out var age) && age < 13 == child)], threshold);
        Console.WriteLine($"threshold applied per condition: {threshold:F4}" + (fixedThreshold is null ? " (the EER threshold of all trials)" : " (--threshold)"));

        var targets = full.Where(s => s.Trial.Target && s.Score is not null).Select(s => s.Score!.Value).ToList();
        var nontargets = full.Where(s => !s.Trial.Target && s.Score is not null).Select(s => s.Score!.Value).ToList();
        Console.WriteLine($"target scores: mean {targets.Average():F3}, min {targets.Min():F3}; non-target: mean {nontargets.Average():F3}, max {nontargets.Max():F3}");

        var speech = cache.Where(c => c.Key.Item2 == 0 && !c.Key.Item1.Contains(',')).Select(c => c.Value?.SpeechSeconds ?? 0).Order().ToList();
        Console.WriteLine($"voiced speech per clip (energy VAD): min {speech[0]:F2} s, 5th percentile {speech[speech.Count / 20]:F2} s, median {speech[speech.Count / 2]:F2} s; " +
            $"{speech.Count(s => s < 1.0)} of {speech.Count} clips under 1 s");

        if (lengths)
        {
            Console.WriteLine();
            Console.WriteLine("EER by audio length (enrolment: the first N s of the enrolment clips joined; test: the first N s of the test clip; 0 = all)");
            Console.WriteLine($"{"enrol s",8} {"test s",7} {"EER",7} {"minDCF",7} {"EER thr",8} {"no print",9} {"enrol voiced s",15} {"test voiced s",14}  (medians)");
            foreach (var (enrol, test) in new (double, double)[] { (0, 1), (0, 2), (0, 3), (0, 0), (1, 0), (2, 0), (3, 0), (1, 1), (2, 2), (3, 3) })
            {
                var scored = Score(enrol, test);
                var valid = scored.Where(s => s.Score is not null).ToList();
                var (eer, thr) = VerificationMetrics.EqualErrorRate(Scores(valid, true), Scores(valid, false));
                var (dcf, _) = VerificationMetrics.MinDetectionCost(Scores(valid, true), Scores(valid, false));
                var enrolSpeech = Median(trials.Select(tr => Enrolment(tr, enrol)?.SpeechSeconds ?? 0));
                var testSpeech = Median(trials.Select(tr => Embed(tr.Test, test)?.SpeechSeconds ?? 0));
                Console.WriteLine($"{enrol,8} {test,7} {eer,7:P2} {dcf,7:F3} {thr,8:F4} {scored.Count - valid.Count,9} {enrolSpeech,15:F2} {testSpeech,14:F2}");
            }
        }
        return 0;
    }

    private static (double Eer, double Threshold) Report(string name, List<Scored> scored, double? threshold)
    {
        var valid = scored.Where(s => s.Score is not null).ToList();
        var targets = Scores(valid, true);
        var nontargets = Scores(valid, false);
        if (targets.Count == 0 || nontargets.Count == 0)
            return (double.NaN, double.NaN);
        var (eer, eerThreshold) = VerificationMetrics.EqualErrorRate(targets, nontargets);
        var (dcf, _) = VerificationMetrics.MinDetectionCost(targets, nontargets);
        var (miss, fa) = VerificationMetrics.Rates(targets, nontargets, threshold ?? eerThreshold);
        var skipped = scored.Count - valid.Count;
        Console.WriteLine($"{name,-44} {valid.Count,6} {eer,7:P2} {dcf,7:F3} {eerThreshold,8:F4} {miss,9:P2} {fa,7:P2}" +
            (skipped > 0 ? $"  ({skipped} without a voiceprint)" : ""));
        return (eer, eerThreshold);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static List<double> Scores(List<Scored> scored, bool target) =>
        [.. scored.Where(s => s.Trial.Target == target).Select(s => s.Score!.Value)];

    private static async Task<Dictionary<string, AudioBuffer>> DecodeAllAsync(string root, List<Trial> trials)
    {
        var ffmpeg = new Ffmpeg();
        var temp = Directory.CreateTempSubdirectory("earshot-eval-speakers-").FullName;
        var result = new Dictionary<string, AudioBuffer>();
        try
        {
            foreach (var file in trials.SelectMany(t => t.Enroll.Append(t.Test)).Distinct())
            {
                var wav = Path.Combine(temp, "clip.wav");
                await ffmpeg.ConvertToCanonicalWavAsync(Path.Combine(root, file), wav, CancellationToken.None);
                result[file] = WavFile.Read(wav);
            }
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
        return result;
    }

    private static Dictionary<string, int> ReadAges(string manifest)
    {
        if (!File.Exists(manifest) || TsvTable.Read(manifest) is not { } table || !table.Columns.Contains("age"))
            return [];
        return table.Rows.Where(r => int.TryParse(r["age"], out _))
            .GroupBy(r => r["speaker_id"]).ToDictionary(g => g.Key, g => int.Parse(g.First()["age"], CultureInfo.InvariantCulture));
    }

    private sealed record Trial(string[] Enroll, string Test, bool Target, string Condition, string Speaker);

    private sealed record Scored(Trial Trial, double? Score);
}
