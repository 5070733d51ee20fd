using Earshot.Sdk;
using Earshot.Sdk.Models;
using Earshot.Text;

namespace Earshot.Engines.Reading;

/// <summary>A recording and exactly what it says.</summary>
public sealed record ReadingSample(string Name, AudioBuffer Audio, string Transcript);

/// <summary>The kinds of deviation the evaluation plants in a reference.</summary>
public enum DeviationKind
{
    /// <summary>A reference word replaced by another real word: the reader "misread" it.</summary>
    Substitution,
    /// <summary>A word added to the reference that was never said: the reader "skipped" it.</summary>
    Omission,
    /// <summary>A said word removed from the reference: the reader "added" it.</summary>
    Insertion,
}

/// <summary>Counts for one deviation kind: planted, reported at the right word, reported of that kind in total.</summary>
public sealed record DeviationScore(DeviationKind Kind, int Planted, int Found, int Reported)
{
    public double Recall => Planted == 0 ? 0 : (double)Found / Planted;
    public double Precision => Reported == 0 ? 0 : (double)Found / Reported;
}

/// <summary>Figures of one recognition method.</summary>
/// <param name="FalseErrors">Reference words reported as not correct when the reference is exactly what was said.</param>
public sealed record ReadingEvaluationResult(string Method, int ReferenceWords, int FalseErrors, IReadOnlyList<DeviationScore> Deviations,
    double AudioSeconds, double DecodeSeconds)
{
    public double FalseErrorRate => ReferenceWords == 0 ? 0 : (double)FalseErrors / ReferenceWords;

    /// <summary>The figures of both runs together (e.g. the two folds of a cross-validation).</summary>
    public ReadingEvaluationResult Plus(ReadingEvaluationResult other) => new(Method, ReferenceWords + other.ReferenceWords,
        FalseErrors + other.FalseErrors,
        Deviations.Zip(other.Deviations, (a, b) => new DeviationScore(a.Kind, a.Planted + b.Planted, a.Found + b.Found, a.Reported + b.Reported)).ToList(),
        AudioSeconds + other.AudioSeconds, DecodeSeconds + other.DecodeSeconds);
}

/// <summary>
/// Measures a reading recogniser: (1) correct readings, where every reported error is false; (2) references altered
/// with a seeded RNG, one deviation per altered reference, where the planted deviation should be reported at its word.
/// Precision counts every report of that kind made on the altered references.
/// </summary>
public sealed class ReadingEvaluator(int seed = 42, int alterationsPerKind = 1, int parallelism = 2)
{
    /// <summary>Deviations planted per kind and recording (each in its own altered reference).</summary>
    public int AlterationsPerKind => alterationsPerKind;

    private sealed record SampleFigures(int ReferenceWords, int FalseErrors, int[] Planted, int[] Found, int[] Reported, double AudioSeconds, double DecodeSeconds);

    /// <param name="sampleIndices">The index of each sample in the full evaluation set (its generator), when evaluating a subset.</param>
    public async Task<ReadingEvaluationResult> EvaluateAsync(IReadingRecognizer method, IReadOnlyList<ReadingSample> samples,
        IReadOnlyCollection<string> substituteWords, Action<string>? log, CancellationToken cancellationToken,
        IReadOnlyList<int>? sampleIndices = null)
    {
        var pool = substituteWords.Distinct().Order(StringComparer.Ordinal).ToList();
        using var gate = new SemaphoreSlim(parallelism);
        var figures = await Task.WhenAll(samples.Select(async (sample, i) =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                // a generator per recording keeps the planted deviations independent of the order samples finish in
                return await EvaluateSampleAsync(method, sample, pool, RandomFor(sampleIndices?[i] ?? i), log, cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }));

        int Sum(Func<SampleFigures, int> f) => figures.Sum(f);
        var scores = Enum.GetValues<DeviationKind>().Select(k => new DeviationScore(k,
            Sum(f => f.Planted[(int)k]), Sum(f => f.Found[(int)k]), Sum(f => f.Reported[(int)k]))).ToList();
        return new ReadingEvaluationResult(method.Name, Sum(f => f.ReferenceWords), Sum(f => f.FalseErrors), scores,
            figures.Sum(f => f.AudioSeconds), figures.Sum(f => f.DecodeSeconds));
    }

    private async Task<SampleFigures> EvaluateSampleAsync(IReadingRecognizer method, ReadingSample sample, List<string> pool, Random random,
        Action<string>? log, CancellationToken cancellationToken)
    {
        var planted = new int[3];
        var found = new int[3];
        var reported = new int[3];
        var decodes = 0;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        ReadingHeard? once = null;
        async Task<ReadingHeard> Recognize(string reference)
        {
            if (method.UsesReference || once is null)
                decodes++;
            return method.UsesReference
                ? await method.HearAsync(sample.Audio, reference, cancellationToken)
                : once ??= await method.HearAsync(sample.Audio, reference, cancellationToken);
        }

        var correct = (await Recognize(sample.Transcript)).Assess(sample.Transcript);
        var wrong = correct.Errors.ToList();
        var lines = new List<string> { $"{method.Name} {sample.Name}: {wrong.Count}/{correct.Words.Count} false errors {string.Join(' ', wrong.Select(w => $"{w.Text}->{w.Heard ?? "-"}"))}" };

        foreach (var (kind, reference, index) in Alterations(sample.Transcript, random, pool, alterationsPerKind))
        {
            var assessment = (await Recognize(reference)).Assess(reference);
            planted[(int)kind]++;
            var hit = IsReportedAt(assessment, kind, index);
            if (hit)
                found[(int)kind]++;
            reported[(int)DeviationKind.Substitution] += assessment.Words.Count(w => w.Status == ReadingStatus.Substitution);
            reported[(int)DeviationKind.Omission] += assessment.Words.Count(w => w.Status == ReadingStatus.Omission);
            reported[(int)DeviationKind.Insertion] += assessment.Insertions.Count(i => i.Status == ReadingStatus.Insertion);
            if (!hit)
                lines.Add($"  missed {kind} at {index} in \"{reference}\"");
        }
        // per recording, so that figures over the recordings finished so far can be summed from the log
        lines.Add($"  tally {correct.Words.Count} {wrong.Count} planted {string.Join(' ', planted)} found {string.Join(' ', found)} reported {string.Join(' ', reported)}");
        if (log is not null)
        {
            lock (log)
                lines.ForEach(log);
        }
        return new SampleFigures(correct.Words.Count, wrong.Count, planted, found, reported, sample.Audio.DurationSeconds * decodes,
            System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>The generator of recording <paramref name="sampleIndex"/>: the same for every run and process with the same seed
    /// (HashCode.Combine is randomised per process, so it cannot be used here).</summary>
    public Random RandomFor(int sampleIndex) => new(unchecked(seed * 1_000_003 + sampleIndex));

    /// <summary>The altered references of one recording, in the order the evaluation plants them.</summary>
    public static IEnumerable<(DeviationKind Kind, string Reference, int Index)> Alterations(string transcript, Random random,
        IReadOnlyList<string> pool, int alterationsPerKind = 1)
    {
        var words = TextNormalizer.Tokenize(transcript).Select(t => t.Text).ToList();
        foreach (var kind in Enum.GetValues<DeviationKind>())
        {
            for (var n = 0; n < alterationsPerKind; n++)
            {
                if (Alter(words, kind, pool, random) is { } altered)
                    yield return (kind, altered.Reference, altered.Index);
            }
        }
    }

    /// <summary>A substitution or omission is found when its word has that status; an insertion when an extra word is
    /// reported just before the reference word that followed the removed one.</summary>
    private static bool IsReportedAt(ReadingAssessment assessment, DeviationKind kind, int index) => kind switch
    {
        DeviationKind.Substitution => assessment.Words[index].Status == ReadingStatus.Substitution,
        DeviationKind.Omission => assessment.Words[index].Status == ReadingStatus.Omission,
        _ => assessment.Insertions.Any(i => i.BeforeIndex == index && i.Status == ReadingStatus.Insertion),
    };

    /// <summary>The reference with one deviation planted, and the word index where it should be reported.</summary>
    public static (string Reference, int Index)? Alter(IReadOnlyList<string> words, DeviationKind kind, IReadOnlyList<string> pool, Random random)
    {
        if (words.Count < 3 || pool.Count == 0)
            return null;
        var list = words.ToList();
        var index = random.Next(list.Count);
        string Other() => PickDifferent(pool, random, list, index);
        switch (kind)
        {
            case DeviationKind.Substitution:
                list[index] = Other();
                break;
            case DeviationKind.Omission:
                list.Insert(index, Other());
                break;
            default:
                // never remove a word next to a copy of itself: that would be a repetition, not an insertion
                if (index > 0 && Same(list[index - 1], list[index]) || index + 1 < list.Count && Same(list[index + 1], list[index]))
                    return null;
                list.RemoveAt(index);
                break;
        }
        return (string.Join(' ', list), index);
    }

    private static string PickDifferent(IReadOnlyList<string> pool, Random random, List<string> words, int index)
    {
        for (var attempt = 0; ; attempt++)
        {
            var candidate = pool[random.Next(pool.Count)];
            var neighbours = words.Skip(Math.Max(0, index - 3)).Take(7);
            if (attempt > 50 || !neighbours.Any(w => Same(w, candidate)))
                return candidate;
        }
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
