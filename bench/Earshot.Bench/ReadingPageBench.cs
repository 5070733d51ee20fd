using System.Diagnostics;
using Earshot.Engines.PocketSphinx;
using Earshot.Engines.Reading;
using Earshot.Engines.SileroVad;
using Earshot.Sdk.Models;
using Earshot.Testing;
using Earshot.Text;

namespace Earshot.Bench;

/// <summary>
/// `reading --pages 1,3,5`: whole pages read aloud. Each page joins eval recordings end to end (starting over when they
/// run out) until it lasts the given minutes; their transcripts, joined, are the page. Per page the server's default
/// method (`classifier`, following the reader through the page) assesses the page as read (every reported error is
/// false) and the page with one deviation planted in each recording's part (substitution, omission, insertion in turn,
/// drawn like `earshot eval reading`). Baseline in the same run: the same deviations assessed sentence by sentence,
/// each recording against its own (altered) transcript, as `earshot eval reading` does. Prints wall/audio, peak RSS
/// above idle (the process's high-water mark, reset before each page), false errors and deviation recall/precision.
/// </summary>
internal static class ReadingPageBench
{
    private const int Seed = 42;

    /// <param name="baseline">False skips the sentence-by-sentence baseline (its figures print as 0).</param>
    public static async Task RunAsync(IReadOnlyList<double> minutes, bool baseline = true)
    {
        var manifest = SpeechManifest.Load();
        var audio = await EvalAudio.LoadAsync(manifest);
        var pool = manifest.SelectMany(x => TextNormalizer.Tokenize(x.Transcript)).Select(t => t.Normal)
            .Where(w => w.Length > 2 && w.All(char.IsAsciiLetterLower)).Distinct().ToList();
        using var sphinx = new PocketSphinxRecognizer(new PocketSphinxOptions());
        pool.RemoveAll(sphinx.FindUnknownWords(pool).ToHashSet().Contains);
        pool.Sort(StringComparer.Ordinal);
        using var vad = new SileroVoiceActivityDetector(new SileroVadOptions
        {
            ModelPath = Path.Combine(RepositoryPaths.Models, "silero-vad", "weights", SileroVadPlugin.DefaultModelFile),
        });
        var sentences = new ClassifiedReadingRecognizer(new JointReadingRecognizer(sphinx));
        var paged = new PagedReadingRecognizer(sentences, vad);
        // load every decoder of both pools before measuring
        await sentences.HearAsync(Fresh(audio[0]), manifest[0].Transcript, CancellationToken.None);

        // the page's parts: recording k % n, with its own deviation (the same for every page length)
        var longest = minutes.Max() * 60;
        var parts = new List<Part>();
        for (var (k, total) = (0, 0.0); total < longest; k++)
        {
            var i = k % manifest.Count;
            var words = TextNormalizer.Tokenize(manifest[i].Transcript).Select(t => t.Text).ToList();
            var kind = (DeviationKind)(k % 3);
            var altered = ReadingEvaluator.Alter(words, kind, pool, new Random(unchecked(Seed * 1_000_003 + k)));
            parts.Add(new Part(i, words.Count, kind, altered?.Reference ?? manifest[i].Transcript, altered?.Index));
            total += audio[i].DurationSeconds;
        }

        Console.WriteLine($"reading pages: eval recordings joined, seed {Seed}, {Environment.ProcessorCount} cores, load average {EngineOverheadBench.LoadAverage()}");
        Console.WriteLine("sentence by sentence (baseline, same deviations):");
        var correctByRecording = new Dictionary<int, ReadingAssessment>();
        var sentenceFigures = new List<Figures>();
        var sentenceWall = 0.0;
        using var process = Process.GetCurrentProcess();
        var sentenceCpuBefore = process.TotalProcessorTime;
        var sentenceAudio = 0.0;
        foreach (var part in baseline ? parts : [])
        {
            var sw = Stopwatch.StartNew();
            if (!correctByRecording.TryGetValue(part.Recording, out var correct))
            {
                correct = (await sentences.HearAsync(Fresh(audio[part.Recording]), manifest[part.Recording].Transcript, CancellationToken.None))
                    .Assess(manifest[part.Recording].Transcript);
                correctByRecording[part.Recording] = correct;
                sentenceAudio += audio[part.Recording].DurationSeconds;
            }
            if (part.Index is not null)
                sentenceAudio += audio[part.Recording].DurationSeconds;
            var altered = part.Index is null ? null
                : (await sentences.HearAsync(Fresh(audio[part.Recording]), part.Altered, CancellationToken.None)).Assess(part.Altered);
            sentenceWall += sw.Elapsed.TotalSeconds;
            sentenceFigures.Add(Figures.Of(correct, altered, part.Kind, part.Index));
        }

        process.Refresh();
        var sentenceCpu = (process.TotalProcessorTime - sentenceCpuBefore).TotalSeconds;
        Console.WriteLine($"{"audio",8} {"chars",6} {"method",9} {"wall/audio",10} {"CPU/audio",9} {"peak RSS+",9} {"false err",10} {"sub R/P",9} {"omi R/P",9} {"ins R/P",9}  load avg");
        var idle = Rss();
        foreach (var length in minutes.Order())
        {
            var used = new List<Part>();
            for (var total = 0.0; total < length * 60 && used.Count < parts.Count; total += audio[used[^1].Recording].DurationSeconds)
                used.Add(parts[used.Count]);
            var pageAudio = new AudioBuffer([.. used.SelectMany(p => audio[p.Recording].Samples)], AudioBuffer.CanonicalSampleRate);
            var text = string.Join(' ', used.Select(p => manifest[p.Recording].Transcript));
            var alteredText = string.Join(' ', used.Select(p => p.Altered));
            var sentenceLevel = used.Select((_, k) => sentenceFigures.ElementAtOrDefault(k) ?? Figures.Of(null, null, default, null)).Aggregate(Figures.Sum);

            ResetPeakRss();
            using var self = Process.GetCurrentProcess();
            var cpuBefore = self.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            var correct = (await paged.HearAsync(pageAudio, text, CancellationToken.None)).Assess(text);
            var altered = (await paged.HearAsync(new AudioBuffer(pageAudio.Samples, pageAudio.SampleRate), alteredText, CancellationToken.None))
                .Assess(alteredText);
            var wall = sw.Elapsed.TotalSeconds / 2;
            self.Refresh();
            var cpu = (self.TotalProcessorTime - cpuBefore).TotalSeconds / 2;
            var peak = PeakRss() - idle;
            var page = used.Select((p, k) => (Part: p, Offset: used.Take(k).Sum(q => q.Words + (q.Kind switch
            {
                DeviationKind.Omission when q.Index is not null => 1,
                DeviationKind.Insertion when q.Index is not null => -1,
                _ => 0,
            })))).Aggregate(Figures.Of(correct, null, default, null), (f, x) => Figures.Sum(f,
                Figures.Of(null, x.Part.Index is null ? null : altered, x.Part.Kind, x.Part.Index + x.Offset)));
            page = page with { Reported = Figures.Reports(altered) };
            Console.WriteLine($"{pageAudio.DurationSeconds,7:F0}s {text.Length,6} {"page",9} {wall / pageAudio.DurationSeconds,10:F3} {cpu / pageAudio.DurationSeconds,9:F3} {peak / 1e6,7:F0}MB {page.Print()}  {EngineOverheadBench.LoadAverage()}");
            Console.WriteLine($"{"",8} {"",6} {"sentences",9} {sentenceWall / Math.Max(1, sentenceAudio),10:F3} {sentenceCpu / Math.Max(1, sentenceAudio),9:F3} {"",9} {sentenceLevel.Print()}");
        }
    }

    private sealed record Part(int Recording, int Words, DeviationKind Kind, string Altered, int? Index);

    /// <summary>False errors over words of correct readings; per kind planted, found at their word, and reported.</summary>
    private sealed record Figures(int Words, int FalseErrors, int[] Planted, int[] Found, int[] Reported)
    {
        public static Figures Of(ReadingAssessment? correct, ReadingAssessment? altered, DeviationKind kind, int? index)
        {
            var (planted, found) = (new int[3], new int[3]);
            if (altered is not null && index is { } at)
            {
                planted[(int)kind]++;
                var hit = kind switch
                {
                    DeviationKind.Substitution => altered.Words[at].Status == ReadingStatus.Substitution,
                    DeviationKind.Omission => altered.Words[at].Status == ReadingStatus.Omission,
                    _ => altered.Insertions.Any(i => i.BeforeIndex == at && i.Status == ReadingStatus.Insertion),
                };
                if (hit)
                    found[(int)kind]++;
            }
            return new Figures(correct?.Words.Count ?? 0, correct?.Errors.Count() ?? 0, planted, found,
                altered is null ? new int[3] : Reports(altered));
        }

        public static int[] Reports(ReadingAssessment altered) =>
        [
            altered.Words.Count(w => w.Status == ReadingStatus.Substitution),
            altered.Words.Count(w => w.Status == ReadingStatus.Omission),
            altered.Insertions.Count(i => i.Status == ReadingStatus.Insertion),
        ];

        public static Figures Sum(Figures a, Figures b) => new(a.Words + b.Words, a.FalseErrors + b.FalseErrors,
            [.. a.Planted.Zip(b.Planted, (x, y) => x + y)], [.. a.Found.Zip(b.Found, (x, y) => x + y)], [.. a.Reported.Zip(b.Reported, (x, y) => x + y)]);

        public string Print()
        {
            static string Pct(int n, int d) => d == 0 ? "-" : $"{100.0 * n / d:F0}";
            var kinds = Enumerable.Range(0, 3).Select(k => $"{Pct(Found[k], Planted[k]) + "/" + Pct(Found[k], Reported[k]),9}");
            return $"{100.0 * FalseErrors / Math.Max(1, Words),8:F1} % {string.Join(' ', kinds)}  ({FalseErrors}/{Words} words; planted/found/reported "
                + string.Join(", ", Enumerable.Range(0, 3).Select(k => $"{Planted[k]}/{Found[k]}/{Reported[k]}")) + ")";
        }
    }

    private static long Rss() => StatusField("VmRSS:");

    private static long PeakRss() => StatusField("VmHWM:");

    /// <summary>Writing 5 to clear_refs resets the high-water mark of the resident set (Linux).</summary>
    private static void ResetPeakRss()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        File.WriteAllText("/proc/self/clear_refs", "5");
    }

    private static long StatusField(string name) =>
        long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith(name, StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;

    /// <summary>A copy, so that no decode cached for the original is reused.</summary>
    private static AudioBuffer Fresh(AudioBuffer audio) => new([.. audio.Samples], audio.SampleRate);
}
