using System.Globalization;
using Earshot.Audio;
using Earshot.Engines.PocketSphinx;
using Earshot.Sdk.Models;
using Earshot.Server.Models;
using Earshot.Server.Recordings;
using Earshot.Text;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Cli;

/// <summary>
/// `earshot eval keywords --manifest FILE`: keyword detection of the recordings analysis against exact transcripts.
/// Per utterance it asks for a few content words of its own transcript (seeded random) and a few content words of other
/// transcripts that this one lacks, runs the same <see cref="RecordingAnalyzer"/> the recording.analyze job runs, and
/// scores, per keyword, "was it reported" for the transcript source, the acoustic source and the merged hits.
/// </summary>
internal static class KeywordEvalCommand
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

    public static async Task<int> RunAsync(string[] args)
    {
        var options = EvalCommand.ParseOptions(args);
        if (!options.TryGetValue("manifest", out var manifest) || !File.Exists(manifest))
        {
            Console.Error.WriteLine("usage: earshot eval keywords --manifest FILE [--model NAME] [--seed N] [--present N] [--absent N] [--threshold X] [--limit N]");
            return 2;
        }
        int Int(string name, int fallback) => options.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var seed = Int("seed", 7);
        var presentCount = Int("present", 3);
        var absentCount = Int("absent", 3);
        var limit = Int("limit", int.MaxValue);

        var app = EarshotCli.BuildApp(["--Logging:LogLevel:Default=Warning", "--Models:PreloadOnStartup=false"]);
        var registry = app.Services.GetRequiredService<ModelRegistry>();
        var modelName = options.GetValueOrDefault("model", "pocketsphinx");
        if (registry.Find<ISpeechRecognizer>(modelName) is not { } model)
        {
            Console.Error.WriteLine($"earshot eval: no model '{modelName}'. Available: {string.Join(", ", registry.NamesOf<ISpeechRecognizer>())}.");
            return 2;
        }
        var threshold = options.TryGetValue("threshold", out var t)
            ? double.Parse(t, CultureInfo.InvariantCulture)
            : app.Services.GetRequiredService<IOptions<RecordingSettings>>().Value.AcousticThreshold;
        var spotter = model as PocketSphinxRecognizer ?? registry.OfType<PocketSphinxRecognizer>().FirstOrDefault();
        var analyzer = new RecordingAnalyzer(model, spotter, null, threshold);

        var root = Path.GetDirectoryName(Path.GetFullPath(manifest))!;
        var rows = ReadRows(manifest).Take(limit).ToList();
        var contentWords = rows.Select(r => ContentWords(r.Transcript)).ToList();
        var random = new Random(seed);
        var transcript = new Tally(0, 0, 0);
        var acoustic = new Tally(0, 0, 0);
        var merged = new Tally(0, 0, 0);
        var ffmpeg = new Ffmpeg();
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
                var analysis = await analyzer.AnalyzeAsync(wav, new AnalysisSpec([.. present, .. absent], true, false, 600), (_, _) => Task.CompletedTask,
                    CancellationToken.None);

                bool Reported(string keyword, HitSource? source) =>
                    analysis.KeywordHits.Any(h => h.Keyword == keyword && (source is null || h.Sources.Contains(source.Value)));
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
        return 0;
    }

    /// <summary>Normalised words of four letters or more that are not function words.</summary>
    private static List<string> ContentWords(string transcript) =>
        TextNormalizer.Tokenize(transcript).Select(x => x.Normal).Where(w => w.Length >= 4 && w.All(char.IsLetter) && !StopWords.Contains(w)).ToList();

    private static IEnumerable<(string File, string Transcript)> ReadRows(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split('\t');
        var file = Array.IndexOf(header, "file");
        var text = Array.IndexOf(header, "transcript");
        return lines.Skip(1).Select(l => l.Split('\t')).Select(c => (c[file], c[text]));
    }
}
