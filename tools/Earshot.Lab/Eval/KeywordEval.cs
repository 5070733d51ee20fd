using System.CommandLine;
using System.Globalization;
using Earshot.Audio;
using Earshot.Engines.PocketSphinx;
using Earshot.Sdk.Models;
using Earshot.Server.Cli;
using Earshot.Server.Models;
using Microsoft.Extensions.DependencyInjection;
using Earshot.Server.Recordings;
using Earshot.Text;
using Microsoft.Extensions.Options;
using Earshot.Text.Tables;

namespace Earshot.Lab;

/// <summary>
/// `eval keywords --manifest FILE` (or `--fit HITS.tsv`): keyword detection of the recordings analysis against exact transcripts.
/// Per utterance it asks for a few content words of its own transcript (seeded random) and a few content words of other
/// transcripts that this one lacks, runs the same <see cref="RecordingAnalyzer"/> the recording.analyze job runs, and
/// scores, per keyword, "was it reported" for the transcript source, the acoustic source and the merged hits.
/// </summary>
internal static class KeywordEval
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "about", "after", "again", "also", "because", "been", "before", "being", "could", "does", "doesn't", "down", "each", "from", "have", "here",
        "himself", "into", "just", "like", "more", "most", "much", "myself", "only", "other", "over", "said", "same", "says", "shall", "should",
        "some", "such", "than", "that", "their", "them", "then", "there", "these", "they", "this", "those", "through", "very", "were", "what",
        "when", "where", "which", "while", "will", "with", "would", "your", "you're", "it's", "i'm", "don't",
    };

    private sealed record Tally(int TruePositives, int FalsePositives, int FalseNegatives)
    {
        public Tally Add(bool said, bool reported) => new(TruePositives + (said && reported ? 1 : 0), FalsePositives + (!said && reported ? 1 : 0),
            FalseNegatives + (said && !reported ? 1 : 0));

        public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);
        public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);
    }

    public static Command Create()
    {
        var manifest = LabCommandLine.ExistingFile("--manifest", "Manifest with file and transcript columns.");
        var fit = LabCommandLine.ExistingFile("--fit", "Fit Recordings:AcousticCalibration on a hits dump (--dump) instead.");
        var model = new Option<string>("--model") { Description = "Speech model as the server lists it.", DefaultValueFactory = _ => "pocketsphinx" };
        var seed = new Option<int>("--seed") { Description = "Seed of the keyword draw.", DefaultValueFactory = _ => 7 };
        var present = new Option<int>("--present") { Description = "Keywords said in each utterance.", DefaultValueFactory = _ => 3 };
        var absent = new Option<int>("--absent") { Description = "Keywords not said in each utterance.", DefaultValueFactory = _ => 3 };
        var threshold = new Option<double?>("--threshold") { Description = "Acoustic threshold (default: Recordings:AcousticThreshold)." };
        var limit = new Option<int>("--limit") { Description = "Only the first N rows.", DefaultValueFactory = _ => int.MaxValue };
        var dump = new Option<string>("--dump") { Description = "Write every raw acoustic hit to this TSV file (for --fit).", HelpName = "HITS.tsv" };
        var command = new Command("keywords", "Keyword detection of the recordings analysis: recall/precision per source (transcript, acoustic, merged).")
        {
            manifest, fit, model, seed, present, absent, threshold, limit, dump,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(manifest) is null == r.GetValue(fit) is null)
                r.AddError("give either --manifest FILE or --fit HITS.tsv.");
        });
        command.SetAction(parsed => parsed.GetValue(fit) is { } hits
            ? Task.FromResult(Fit(hits))
            : RunAsync(parsed.GetRequiredValue(manifest), parsed.GetRequiredValue(model), parsed.GetValue(seed), parsed.GetValue(present), parsed.GetValue(absent),
                parsed.GetValue(threshold), parsed.GetValue(limit), parsed.GetValue(dump)));
        return command;
    }

    private static async Task<int> RunAsync(string manifest, string modelName, int seed, int presentCount, int absentCount, double? thresholdOption, int limit,
        string? dumpPath)
    {
        var app = EarshotCli.BuildApp(["--Logging:LogLevel:Default=Warning", "--Models:PreloadOnStartup=false"]);
        var registry = app.Services.GetRequiredService<ModelRegistry>();
        if (registry.Find<ISpeechRecognizer>(modelName) is not { } model)
        {
            Console.Error.WriteLine($"earshot-lab eval keywords: no model '{modelName}'. Available: {string.Join(", ", registry.NamesOf<ISpeechRecognizer>())}.");
            return 2;
        }
        var threshold = thresholdOption
            ?? app.Services.GetRequiredService<IOptions<RecordingOptions>>().Value.AcousticThreshold;
        var spotter = model as PocketSphinxRecognizer ?? registry.OfType<PocketSphinxRecognizer>().FirstOrDefault();
        var analyzer = new RecordingAnalyzer(model, spotter, null, threshold,
            app.Services.GetRequiredService<IOptions<RecordingOptions>>().Value.AcousticCalibration);
        // Every hit reported with confidence ≥ 0.5, per list: (reported, of which the keyword was said in the utterance).
        int[] confidentHits = [0, 0], confidentSaid = [0, 0];

        var root = Path.GetDirectoryName(Path.GetFullPath(manifest))!;
        var rows = TsvTable.Read(manifest).Rows.Take(limit).Select(r => (File: r["file"], Transcript: r["transcript"])).ToList();
        var contentWords = rows.Select(r => ContentWords(r.Transcript)).ToList();
        var random = new Random(seed);
        var transcript = new Tally(0, 0, 0);
        var acoustic = new Tally(0, 0, 0);
        var merged = new Tally(0, 0, 0);
        var ffmpeg = new Ffmpeg();
        using var dump = dumpPath is not null ? new StreamWriter(dumpPath) : null;
        dump?.WriteLine("file\tkeyword\tsaid\tconfidence\tstart\tend\tphones\ttranscript");
        var temp = Directory.CreateTempSubdirectory("earshot-eval-keywords-").FullName;
        Console.WriteLine($"keywords: model {model.Info.Name}, acoustic threshold {threshold:E0}, seed {seed}, {presentCount} present + {absentCount} absent per utterance");
        Console.WriteLine($"{"file",-52} {"said",-30} {"T",3} {"A",3} {"M",3} {"FP T/A/M",9}");
        try
        {
            for (var i = 0; i < rows.Count; i++)
            {
                var own = TextNormalizer.Tokenize(rows[i].Transcript).Select(x => x.Normal).ToHashSet();
                var present = contentWords[i].Distinct().OrderBy(_ => random.Next()).Take(presentCount).ToList();
                var absent = contentWords.Where((_, k) => k != i).SelectMany(w => w).Where(w => !own.Contains(w)).Distinct().Order()
                    .OrderBy(_ => random.Next()).Take(absentCount).ToList();
                var wav = Path.Combine(temp, "eval.wav");
                await ffmpeg.ConvertToCanonicalWavAsync(Path.Combine(root, rows[i].File), wav, CancellationToken.None);
                if (dump is not null && spotter is not null)
                    await DumpHitsAsync(dump, rows[i].File, own, present, absent, wav, model, spotter, threshold);
                var analysis = await analyzer.AnalyzeAsync(wav, new AnalysisSpec([.. present, .. absent], true, false, 600), (_, _) => Task.CompletedTask,
                    CancellationToken.None);

                var everyHit = analysis.KeywordHits.Concat(analysis.AcousticHits).ToList();
                bool Reported(string keyword, HitSource? source) =>
                    everyHit.Any(h => h.Keyword == keyword && (source is null || h.Sources.Contains(source.Value)));
                foreach (var (list, index) in new[] { (analysis.KeywordHits, 0), (analysis.AcousticHits, 1) })
                {
                    var confident = list.Where(h => h.Confidence >= 0.5).ToList();
                    confidentHits[index] += confident.Count;
                    confidentSaid[index] += confident.Count(h => own.Contains(h.Keyword));
                }
                int[] found = [0, 0, 0], falseAlarms = [0, 0, 0];
                foreach (var (keyword, said) in present.Select(k => (k, true)).Concat(absent.Select(k => (k, false))))
                {
                    bool[] reported = [Reported(keyword, HitSource.Transcript), Reported(keyword, HitSource.Acoustic), Reported(keyword, null)];
                    transcript = transcript.Add(said, reported[0]);
                    acoustic = acoustic.Add(said, reported[1]);
                    merged = merged.Add(said, reported[2]);
                    for (var s = 0; s < 3; s++)
                    {
                        found[s] += said && reported[s] ? 1 : 0;
                        falseAlarms[s] += !said && reported[s] ? 1 : 0;
                    }
                }
                Console.WriteLine($"{rows[i].File,-52} {string.Join(",", present),-30} {found[0],3} {found[1],3} {found[2],3} {$"{falseAlarms[0]}/{falseAlarms[1]}/{falseAlarms[2]}",9}");
            }
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
        Console.WriteLine();
        foreach (var (name, tally) in new[] { ("transcript", transcript), ("acoustic", acoustic), ("merged", merged) })
            Console.WriteLine($"{name,-11} recall {tally.Recall,7:P1}  precision {tally.Precision,7:P1}  (TP {tally.TruePositives}, FP {tally.FalsePositives}, FN {tally.FalseNegatives})");
        Console.WriteLine("hits reported with confidence >= 0.5 (a hit counts as right when its keyword is in the utterance's transcript):");
        foreach (var (name, index) in new[] { ("keyword_hits", 0), ("acoustic_hits", 1) })
            Console.WriteLine($"{name,-14} {confidentHits[index],4} hits, precision {(confidentHits[index] == 0 ? double.NaN : (double)confidentSaid[index] / confidentHits[index]),7:P1}");
        return 0;
    }

    /// <summary>
    /// Fits the acoustic calibration on the hits the spotter alone reported (the transcript did not have the keyword there),
    /// and reports it cross-validated: each dataset's hits predicted by a fit on the other datasets.
    /// </summary>
    private static int Fit(string hitsFile)
    {
        var hits = TsvTable.Read(hitsFile).Rows
            .Where(c => c["transcript"] == "0")
            .Select(c => (Dataset: c["file"].Split('/')[0], Raw: double.Parse(c["confidence"], CultureInfo.InvariantCulture),
                Phones: int.Parse(c["phones"], CultureInfo.InvariantCulture), Said: c["said"] == "1"))
            .ToList();
        var all = AcousticCalibration.Fit(hits.Select(h => (h.Raw, h.Phones, h.Said)).ToList());
        Console.WriteLine($"acoustic-only hits: {hits.Count}, of which said {hits.Count(h => h.Said)} ({(double)hits.Count(h => h.Said) / hits.Count:P1})");
        Console.WriteLine(FormattableString.Invariant($"fit on all: Intercept {all.Intercept:F3}, ConfidenceWeight {all.ConfidenceWeight:F3}, PhoneWeight {all.PhoneWeight:F3}"));

        var predicted = new List<(double P, bool Said)>();
        foreach (var dataset in hits.Select(h => h.Dataset).Distinct())
        {
            var model = AcousticCalibration.Fit(hits.Where(h => h.Dataset != dataset).Select(h => (h.Raw, h.Phones, h.Said)).ToList());
            predicted.AddRange(hits.Where(h => h.Dataset == dataset).Select(h => (model.Probability(h.Raw, h.Phones), h.Said)));
        }
        Console.WriteLine("leave-one-dataset-out: predicted probability against how often the keyword was said");
        foreach (var (low, high) in new[] { (0.0, 0.2), (0.2, 0.4), (0.4, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01) })
        {
            var bin = predicted.Where(p => p.P >= low && p.P < high).ToList();
            Console.WriteLine(bin.Count == 0
                ? $"  [{low:F1}, {Math.Min(high, 1):F1})   0 hits"
                : $"  [{low:F1}, {Math.Min(high, 1):F1}) {bin.Count,3} hits, mean predicted {bin.Average(p => p.P):F3}, said {bin.Count(p => p.Said) / (double)bin.Count:F3}");
        }
        var brier = predicted.Average(p => Math.Pow(p.P - (p.Said ? 1 : 0), 2));
        var baseRate = hits.Count(h => h.Said) / (double)hits.Count;
        Console.WriteLine($"Brier score {brier:F4} (a constant {baseRate:F3} for every hit: {hits.Average(h => Math.Pow(baseRate - (h.Said ? 1 : 0), 2)):F4})");
        return 0;
    }

    /// <summary>Every raw acoustic hit with what is known about it, for calibration: was the keyword said in the utterance,
    /// the spotter's confidence, the keyword's phone count, and whether the transcript has the keyword at that time.</summary>
    private static async Task DumpHitsAsync(StreamWriter dump, string file, HashSet<string> said, IEnumerable<string> present, IEnumerable<string> absent,
        string wav, ISpeechRecognizer model, PocketSphinxRecognizer spotter, double threshold)
    {
        var audio = WavFile.Read(wav);
        var keywords = present.Concat(absent).ToList();
        var transcript = await model.TranscribeAsync(audio, new TranscribeOptions(), CancellationToken.None);
        var spotting = await spotter.SpotKeyphrasesAsync(audio, keywords.Select(k => new Keyphrase(k, threshold)).ToList(), CancellationToken.None);
        var phones = spotter.Pronunciations(keywords);
        foreach (var hit in spotting.Hits)
        {
            var index = keywords.IndexOf(hit.Keyphrase);
            var heard = transcript.Words.Any(w => TextNormalizer.Normalize(w.Word) == hit.Keyphrase && w.Start < hit.End && hit.Start < w.End);
            dump.WriteLine(string.Join('\t', file, hit.Keyphrase, said.Contains(hit.Keyphrase) ? 1 : 0, hit.Confidence.ToString("R", CultureInfo.InvariantCulture),
                hit.Start.ToString("F3", CultureInfo.InvariantCulture), hit.End.ToString("F3", CultureInfo.InvariantCulture),
                index >= 0 ? phones[index]?.Length ?? 0 : 0, heard ? 1 : 0));
        }
        await dump.FlushAsync();
    }

    /// <summary>Normalised words of four letters or more that are not function words.</summary>
    private static List<string> ContentWords(string transcript) =>
        TextNormalizer.Tokenize(transcript).Select(x => x.Normal).Where(w => w.Length >= 4 && w.All(char.IsLetter) && !StopWords.Contains(w)).ToList();
}
