using System.Diagnostics;
using Earshot.Engines.PocketSphinx;
using Earshot.Engines.Reading;
using Earshot.Engines.SileroVad;
using Earshot.Sdk.Models;
using Earshot.Testing;
using Earshot.Text;

namespace Earshot.Bench;

/// <summary>
/// `reading --pages 1,3,5 [--seeds 42,7,13] [--no-baseline | --baseline-file PATH]`: whole pages read aloud. Each page joins eval recordings end
/// to end (starting over when they run out) until it lasts the given minutes; their transcripts, joined, are the page.
/// Per page the server's default method (`classifier`, following the reader through the page) assesses the page as read
/// (every reported error is false) and, per seed, the page with one deviation planted in each recording's part
/// (substitution, omission, insertion in turn, drawn like `earshot-lab eval reading`). Baseline in the same run: the same
/// deviations assessed sentence by sentence, each recording against its own (altered) transcript, as `earshot-lab eval
/// reading` does. Prints wall/audio, peak RSS above idle (the process's high-water mark, reset before each page), false
/// errors, deviation recall/precision per seed, and over all seeds the catch rates paired deviation by deviation (with a
/// 95 % interval of their difference) and the deviations only one of the two found, with their distance to the nearest
/// cut between stretches.
/// </summary>
internal static class ReadingPageBench
{
    /// <param name="baseline">False skips the sentence-by-sentence baseline (its figures print as 0).</param>
    /// <param name="baselineFile">Where the baseline's figures are kept (appended as they are measured, read back when
    /// present), so that a later run of the page method compares with the same sentence-level figures without
    /// measuring them again; null measures them every time.</param>
    public static async Task RunAsync(IReadOnlyList<double> minutes, IReadOnlyList<int> seeds, bool baseline = true, string? baselineFile = null)
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

        // the page's recordings (k % n) are the same for every seed; each seed draws each part's deviation
        var longest = minutes.Max() * 60;
        var recordings = new List<int>();
        for (var total = 0.0; total < longest; total += audio[recordings[^1]].DurationSeconds)
            recordings.Add(recordings.Count % manifest.Count);
        var words = manifest.Select(m => TextNormalizer.Tokenize(m.Transcript).Select(t => t.Text).ToList()).ToList();
        List<Part> PartsOf(int seed) => [.. recordings.Select((i, k) =>
        {
            var kind = (DeviationKind)(k % 3);
            var altered = ReadingEvaluator.Alter(words[i], kind, pool, new Random(unchecked(seed * 1_000_003 + k)));
            return new Part(i, words[i].Count, kind, altered?.Reference ?? manifest[i].Transcript, altered?.Index);
        })];
        var partsBySeed = seeds.ToDictionary(s => s, PartsOf);

        Console.WriteLine($"reading pages: eval recordings joined, seeds {string.Join(',', seeds)}, {Environment.ProcessorCount} cores, load average {EngineOverheadBench.LoadAverage()}");
        var correctByRecording = new Dictionary<int, Figures>();
        var sentenceBySeed = seeds.ToDictionary(s => s, _ => new List<Figures>());
        var saved = baselineFile is not null && File.Exists(baselineFile) ? File.ReadAllLines(baselineFile) : [];
        foreach (var cells in saved.Select(l => l.Split('\t')))
        {
            var n = cells.Skip(1).Select(int.Parse).ToArray();
            if (cells[0] == "correct")
                correctByRecording[n[0]] = Figures.Empty with { Words = n[1], FalseErrors = n[2] };
            else if (sentenceBySeed.TryGetValue(n[0], out var list) && list.Count == n[1])
                list.Add(Figures.Empty with { Planted = n[2..5], Found = n[5..8], Reported = n[8..11] });
        }
        if (saved.Length > 0)
            Console.WriteLine($"sentence-by-sentence figures read from {baselineFile}");
        var sentenceWall = 0.0;
        var sentenceAudio = 0.0;
        using var process = Process.GetCurrentProcess();
        var sentenceCpuBefore = process.TotalProcessorTime;
        // two at a time, as `earshot-lab eval reading` runs them
        using var gate = new SemaphoreSlim(2);
        async Task<Figures> Gated(AudioBuffer recording, string reference, Func<ReadingAssessment, Figures> figures)
        {
            await gate.WaitAsync();
            try
            {
                return figures((await sentences.HearAsync(Fresh(recording), reference, CancellationToken.None)).Assess(reference));
            }
            finally
            {
                gate.Release();
            }
        }
        var baselineClock = Stopwatch.StartNew();
        var missing = (baseline ? seeds : []).SelectMany(s => partsBySeed[s]).Select(p => p.Recording).Distinct()
            .Where(i => !correctByRecording.ContainsKey(i)).ToList();
        var corrects = await Task.WhenAll(missing.Select(i => Gated(audio[i], manifest[i].Transcript, c => Figures.Of(c, null, default, null))));
        foreach (var (i, figures) in missing.Zip(corrects))
        {
            correctByRecording[i] = figures;
            sentenceAudio += audio[i].DurationSeconds;
        }
        if (baselineFile is not null)
            File.AppendAllLines(baselineFile, missing.Select(i => $"correct\t{i}\t{correctByRecording[i].Words}\t{correctByRecording[i].FalseErrors}"));
        foreach (var seed in baseline ? seeds : [])
        {
            var todo = partsBySeed[seed].Skip(sentenceBySeed[seed].Count).ToList();
            var found = await Task.WhenAll(todo.Select(p => p.Index is null ? Task.FromResult(Figures.Empty)
                : Gated(audio[p.Recording], p.Altered, a => Figures.Of(null, a, p.Kind, p.Index))));
            sentenceAudio += todo.Where(p => p.Index is not null).Sum(p => audio[p.Recording].DurationSeconds);
            if (baselineFile is not null)
            {
                File.AppendAllLines(baselineFile, found.Select((f, j) =>
                    $"seed\t{seed}\t{sentenceBySeed[seed].Count + j}\t{string.Join('\t', f.Planted.Concat(f.Found).Concat(f.Reported))}"));
            }
            sentenceBySeed[seed].AddRange(found);
        }
        sentenceWall = baselineClock.Elapsed.TotalSeconds;
        process.Refresh();
        var sentenceCpu = (process.TotalProcessorTime - sentenceCpuBefore).TotalSeconds;
        if (baseline)
            Console.WriteLine($"sentence by sentence (baseline, same deviations): wall/audio {sentenceWall / Math.Max(1, sentenceAudio):F3}, CPU/audio {sentenceCpu / Math.Max(1, sentenceAudio):F3}, load average {EngineOverheadBench.LoadAverage()}");

        Console.WriteLine($"{"audio",8} {"chars",6} {"seed",5} {"method",9} {"wall/audio",10} {"CPU/audio",9} {"peak RSS+",9} {"false err",10} {"sub R/P",9} {"omi R/P",9} {"ins R/P",9}  load avg");
        var idle = Rss();
        foreach (var length in minutes.Order())
        {
            var count = 0;
            for (var total = 0.0; total < length * 60 && count < recordings.Count; total += audio[recordings[count++]].DurationSeconds)
            {
            }
            var used = recordings.Take(count).ToList();
            var pageAudio = new AudioBuffer([.. used.SelectMany(i => audio[i].Samples)], AudioBuffer.CanonicalSampleRate);
            var text = string.Join(' ', used.Select(i => manifest[i].Transcript));
            var starts = used.Select((_, k) => used.Take(k).Sum(i => audio[i].DurationSeconds)).ToList();
            var cuts = ReadingStretches.Cut(pageAudio, vad.DetectSpeech(pageAudio, CancellationToken.None), paged.Options)
                .Skip(1).Select(r => (double)r.Start / pageAudio.SampleRate).ToList();

            ResetPeakRss();
            using var self = Process.GetCurrentProcess();
            var (cpuBefore, sw) = (self.TotalProcessorTime, Stopwatch.StartNew());
            var correct = (await paged.HearAsync(Fresh(pageAudio), text, CancellationToken.None)).Assess(text);
            var correctWall = sw.Elapsed.TotalSeconds;
            var correctFigures = Figures.Of(correct, null, default, null);
            var sentenceCorrect = used.Select(i => correctByRecording.GetValueOrDefault(i, Figures.Empty))
                .Aggregate(Figures.Empty, Figures.Sum);
            var paired = new List<(int Seed, int K, Part Part, bool Page, bool Sentence, double At, ReadingWord? Heard)>();
            for (var j = 0; j < seeds.Count; j++)
            {
                var seed = seeds[j];
                var parts = partsBySeed[seed].Take(count).ToList();
                var alteredText = string.Join(' ', parts.Select(p => p.Altered));
                var swAltered = Stopwatch.StartNew();
                var altered = (await paged.HearAsync(Fresh(pageAudio), alteredText, CancellationToken.None)).Assess(alteredText);
                var alteredWall = swAltered.Elapsed.TotalSeconds;
                var offset = 0;
                var page = correctFigures;
                for (var k = 0; k < parts.Count; k++)
                {
                    var p = parts[k];
                    var figures = Figures.Of(null, p.Index is null ? null : altered, p.Kind, p.Index + offset);
                    page = Figures.Sum(page, figures);
                    if (p.Index is { } at)
                    {
                        // where the original word was heard on the correctly read page (its time on the page's clock)
                        var original = correct.Words[Math.Min(at, p.Words - 1) + used.Take(k).Sum(i => words[i].Count)];
                        var sentenceFound = baseline && sentenceBySeed[seed][k].Found.Sum() > 0;
                        paired.Add((seed, k, p, figures.Found.Sum() > 0, sentenceFound, original.Start ?? starts[k],
                            p.Kind == DeviationKind.Insertion ? null : altered.Words[at + offset]));
                    }
                    offset += p.Words + (p.Index is null ? 0 : p.Kind switch { DeviationKind.Omission => 1, DeviationKind.Insertion => -1, _ => 0 });
                }
                page = page with { Reported = Figures.Reports(altered) };
                self.Refresh();
                var cpu = (self.TotalProcessorTime - cpuBefore).TotalSeconds;
                var sentenceLevel = baseline
                    ? sentenceBySeed[seed].Take(count).Aggregate(Figures.Empty, Figures.Sum)
                    : Figures.Empty;
                sentenceLevel = Figures.Sum(sentenceLevel, sentenceCorrect);
                Console.WriteLine($"{pageAudio.DurationSeconds,7:F0}s {text.Length,6} {seed,5} {"page",9} {alteredWall / pageAudio.DurationSeconds,10:F3} "
                    + $"{cpu / (pageAudio.DurationSeconds * (j + 2)),9:F3} {(PeakRss() - idle) / 1e6,7:F0}MB {page.Print()}  {EngineOverheadBench.LoadAverage()}");
                Console.WriteLine($"{"",8} {"",6} {"",5} {"sentences",9} {"",10} {"",9} {"",9} {sentenceLevel.Print()}");
                foreach (var p in paired.Where(p => p.Seed == seed && p.Page != p.Sentence))
                {
                    var nearest = cuts.Count == 0 ? double.NaN : cuts.Min(c => Math.Abs(c - p.At));
                    Console.WriteLine($"    only {(p.Page ? "page     " : "sentences")}: seed {p.Seed} part {p.K} {manifest[p.Part.Recording].File} {p.Part.Kind} "
                        + $"word {p.Part.Index} of {p.Part.Words} at {p.At:F1} s, nearest cut {nearest:F1} s; page says {p.Heard?.Status.ToString() ?? "-"} ({p.Heard?.Heard ?? "-"})");
                }
            }
            Console.WriteLine($"  correct page: wall/audio {correctWall / pageAudio.DurationSeconds:F3}");
            PrintPaired(pageAudio.DurationSeconds, paired.Select(p => (p.Page, p.Sentence)).ToList(), correctFigures, sentenceCorrect, baseline);
            var near = paired.Where(p => cuts.Any(c => Math.Abs(c - p.At) < 1.5)).ToList();
            Console.WriteLine($"    deviations within 1.5 s of a cut: page {near.Count(p => p.Page)}/{near.Count}, sentences {near.Count(p => p.Sentence)}/{near.Count}; "
                + $"cuts {cuts.Count}, stretches {cuts.Count + 1}");
        }
    }

    /// <summary>Catch rates over every seed, paired by deviation: the difference's 95 % interval (normal approximation of
    /// paired proportions) counts only the deviations one method found and the other missed.</summary>
    private static void PrintPaired(double seconds, List<(bool Page, bool Sentence)> paired, Figures pageCorrect, Figures sentenceCorrect, bool baseline)
    {
        var n = paired.Count;
        var (page, sentence) = (paired.Count(p => p.Page), paired.Count(p => p.Sentence));
        var (onlyPage, onlySentence) = (paired.Count(p => p.Page && !p.Sentence), paired.Count(p => !p.Page && p.Sentence));
        var difference = (double)(page - sentence) / Math.Max(1, n);
        var se = Math.Sqrt(Math.Max(0, onlyPage + onlySentence - (double)(onlyPage - onlySentence) * (onlyPage - onlySentence) / Math.Max(1, n))) / Math.Max(1, n);
        Console.WriteLine($"  {seconds:F0} s page, all seeds: deviations caught page {page}/{n} ({100.0 * page / Math.Max(1, n):F1} %), "
            + (baseline ? $"sentences {sentence}/{n} ({100.0 * sentence / Math.Max(1, n):F1} %); only page {onlyPage}, only sentences {onlySentence}; "
                + $"difference {100 * difference:+0.0;-0.0} points (95 % {100 * (difference - 1.96 * se):+0.0;-0.0} to {100 * (difference + 1.96 * se):+0.0;-0.0}); " : "")
            + $"false errors page {pageCorrect.FalseErrors}/{pageCorrect.Words} ({100.0 * pageCorrect.FalseErrors / Math.Max(1, pageCorrect.Words):F1} %)"
            + (baseline ? $", sentences {sentenceCorrect.FalseErrors}/{sentenceCorrect.Words} ({100.0 * sentenceCorrect.FalseErrors / Math.Max(1, sentenceCorrect.Words):F1} %)" : ""));
    }

    private sealed record Part(int Recording, int Words, DeviationKind Kind, string Altered, int? Index);

    /// <summary>False errors over words of correct readings; per kind planted, found at their word, and reported.</summary>
    private sealed record Figures(int Words, int FalseErrors, int[] Planted, int[] Found, int[] Reported)
    {
        public static readonly Figures Empty = new(0, 0, new int[3], new int[3], new int[3]);

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
