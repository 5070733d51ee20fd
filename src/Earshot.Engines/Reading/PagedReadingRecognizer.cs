using Earshot.Sdk;
using Earshot.Sdk.Models;
using Earshot.Text;

namespace Earshot.Engines.Reading;

/// <summary>How <see cref="PagedReadingRecognizer"/> follows a reader through a long text.</summary>
public sealed record PageReadingOptions
{
    public static readonly PageReadingOptions Default = new();

    /// <summary>Recordings up to this long are assessed in one piece, as the sentence-level figures were measured.</summary>
    public double WholeSeconds { get; init; } = 20;

    /// <summary>A stretch is cut at the longest pause at least this long after the previous cut ...</summary>
    public double MinStretchSeconds { get; init; } = 4;

    /// <summary>... and at most this long after it (the forced alignments' cost grows with stretch and text length).</summary>
    public double MaxStretchSeconds { get; init; } = 12;

    /// <summary>Reference words the plain decode placed nowhere, between the last word it placed in one stretch and the
    /// first in the next, are assessed with both stretches, up to this many on each side; words farther from any placed
    /// word were not reached by the reader's voice and keep the plain decode's verdict (omitted).</summary>
    public int SharedWords { get; init; } = 3;

    /// <summary>Stretches assessed at the same time (each holds a few decoders while it runs).</summary>
    public int Parallelism { get; init; } = 2;

    /// <summary>0 &lt; MinStretchSeconds, 2 × MinStretchSeconds ≤ MaxStretchSeconds ≤ WholeSeconds, SharedWords ≥ 0, Parallelism ≥ 1.</summary>
    public bool IsValid => MinStretchSeconds > 0 && MaxStretchSeconds >= 2 * MinStretchSeconds && WholeSeconds >= MaxStretchSeconds
        && SharedWords >= 0 && Parallelism >= 1;

    /// <summary>Throws when a value is out of range (<see cref="IsValid"/>).</summary>
    public PageReadingOptions Validate() => IsValid ? this
        : throw new ArgumentOutOfRangeException(nameof(MaxStretchSeconds),
            "Need 0 < MinStretchSeconds, 2 × MinStretchSeconds ≤ MaxStretchSeconds ≤ WholeSeconds, SharedWords ≥ 0 and Parallelism ≥ 1.");
}

/// <summary>
/// Assesses a long reading (a page) with a sentence-level method by following the reader through the text: the audio is
/// cut at pauses into stretches of bounded length (<see cref="ReadingStretches"/>), each stretch is decoded plainly, and
/// the plain words, aligned with the whole text, say which part of the text each stretch read. Each stretch is then
/// assessed by the inner method against its own part (plus the unplaced words next to it), so grammars, searches and
/// memory stay the size of a sentence whatever the length of the page, and a cancelled request stops within one
/// stretch's block of audio. Shorter recordings go to the inner method whole. Thread-safe.
/// </summary>
public sealed class PagedReadingRecognizer(IReadingRecognizer inner, IVoiceActivityDetector? speech, PageReadingOptions? options = null)
    : IReadingRecognizer
{
    public PageReadingOptions Options { get; } = (options ?? PageReadingOptions.Default).Validate();

    public string Name => inner.Name;
    public bool UsesReference => inner.UsesReference;

    /// <summary>Called with the share in [0, 1] of a long reading's stretches assessed so far, one call at a time.</summary>
    public Func<double, CancellationToken, Task>? Progress { get; init; }

    public async Task<Transcript> RecognizeAsync(AudioBuffer audio, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audio);
        if (audio.DurationSeconds <= Options.WholeSeconds)
            return await inner.RecognizeAsync(audio, reference, cancellationToken).ConfigureAwait(false);
        var stretches = Stretches(audio, cancellationToken);
        return Join(stretches, await PlainAsync(stretches, reference, cancellationToken).ConfigureAwait(false));
    }

    public async Task<ReadingHeard> HearAsync(AudioBuffer audio, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentNullException.ThrowIfNull(reference);
        if (audio.DurationSeconds <= Options.WholeSeconds)
            return await inner.HearAsync(audio, reference, cancellationToken).ConfigureAwait(false);

        var stretches = Stretches(audio, cancellationToken);
        var plain = Join(stretches, await PlainAsync(stretches, reference, cancellationToken).ConfigureAwait(false));
        var tokens = TextNormalizer.Tokenize(reference);
        var byPlain = ReadingAssessor.Assess(reference, plain);
        var parts = Parts(stretches, byPlain, tokens.Count);

        var (done, total) = (0, parts.Count(p => p is not null));
        using var gate = new SemaphoreSlim(Options.Parallelism);
        using var reporting = new SemaphoreSlim(1);
        async Task<Part?> AssessAsync(Stretch stretch, (int First, int Last)? range)
        {
            if (range is not var (first, last))
                return null;
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var text = reference[tokens[first].Start..tokens[last].End];
                var heard = await inner.HearAsync(stretch.Audio, text, cancellationToken).ConfigureAwait(false);
                if (Progress is { } report)
                {
                    await reporting.WaitAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        await report((double)++done / total, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        reporting.Release();
                    }
                }
                return new Part(first, last, stretch.Offset, heard.Assess(text));
            }
            finally
            {
                gate.Release();
            }
        }
        var assessed = await Task.WhenAll(stretches.Select((stretch, k) => AssessAsync(stretch, parts[k]))).ConfigureAwait(false);

        var words = byPlain.Words.ToArray();
        var decided = new bool[words.Length];
        var insertions = new List<ReadingInsertion>();
        foreach (var part in assessed.OfType<Part>())
        {
            var own = part.Assessment;
            // the part's text was cut from the page, so its tokens are the page's; anything else is a tokenizer change
            if (own.Words.Count != part.Last - part.First + 1)
                throw new InvalidOperationException("A part of the text tokenized differently from the whole text.");
            foreach (var w in own.Words)
            {
                var index = part.First + w.Index;
                var placed = w with
                {
                    Index = index, Text = tokens[index].Text, CharStart = tokens[index].Start, CharLength = tokens[index].Length,
                    Start = w.Start + part.Offset, End = w.End + part.Offset,
                };
                if (!decided[index] || Rank(placed.Status) < Rank(words[index].Status))
                    words[index] = placed;
                decided[index] = true;
            }
            insertions.AddRange(own.Insertions.Select(i => i with
            {
                BeforeIndex = part.First + i.BeforeIndex, Start = i.Start + part.Offset, End = i.End + part.Offset,
            }));
        }
        insertions.Sort((a, b) => a.Start.CompareTo(b.Start));
        var assessment = new ReadingAssessment(reference, words, insertions,
            ReadingAssessor.Score(words, plain.Words, ReadingAssessorOptions.Default));
        return new ReadingHeard(plain, null) { Assessed = assessment };
    }

    /// <summary>Where two stretches assessed the same word, a reading of it wins over a misreading, and that over nothing.</summary>
    private static int Rank(ReadingStatus status) => status switch
    {
        ReadingStatus.Correct or ReadingStatus.SelfCorrection => 0,
        ReadingStatus.Substitution => 1,
        _ => 2,
    };

    private sealed record Stretch(AudioBuffer Audio, double Offset);

    /// <summary>A stretch's assessment against reference words First..Last.</summary>
    private sealed record Part(int First, int Last, double Offset, ReadingAssessment Assessment);

    private List<Stretch> Stretches(AudioBuffer audio, CancellationToken cancellationToken)
    {
        var spoken = speech?.DetectSpeech(audio, cancellationToken);
        return ReadingStretches.Cut(audio, spoken, Options)
            .Select(r => new Stretch(new AudioBuffer(audio.Samples[r.Start..r.End], audio.SampleRate), (double)r.Start / audio.SampleRate))
            .ToList();
    }

    private async Task<Transcript[]> PlainAsync(List<Stretch> stretches, string reference, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(Options.Parallelism);
        return await Task.WhenAll(stretches.Select(async s =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // the inner method caches this decode per stretch, so its assessment below does not repeat it
                return await inner.RecognizeAsync(s.Audio, reference, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);
    }

    /// <summary>The stretches' transcripts as one, in the recording's time.</summary>
    private static Transcript Join(List<Stretch> stretches, Transcript[] parts)
    {
        var segments = new List<TranscriptSegment>();
        var words = new List<RecognizedWord>();
        for (var k = 0; k < parts.Length; k++)
        {
            var offset = stretches[k].Offset;
            segments.AddRange(parts[k].Segments.Select(s => s with { Start = s.Start + offset, End = s.End + offset }));
            words.AddRange(parts[k].Words.Select(w => w with { Start = w.Start + offset, End = w.End + offset }));
        }
        return new Transcript(string.Join(' ', parts.Select(p => p.Text).Where(t => t.Length > 0)), segments, words);
    }

    /// <summary>
    /// Per stretch, the first and last reference word it is assessed against (null: none). A word the plain decode,
    /// aligned with the whole text, placed (heard right or as another word) anchors the stretch it was heard in; the
    /// words it placed nowhere between two stretches' anchors go to both (up to <see cref="PageReadingOptions.SharedWords"/>
    /// each: a word that was never said costs its neighbours' verdicts in an alignment), and to any stretch between them
    /// that anchored nothing.
    /// </summary>
    private (int First, int Last)?[] Parts(List<Stretch> stretches, ReadingAssessment byPlain, int count)
    {
        var anchors = new (int First, int Last)?[stretches.Count];
        foreach (var w in byPlain.Words.Where(w => w.Start is not null && w.End is not null))
        {
            var k = StretchAt(stretches, (w.Start!.Value + w.End!.Value) / 2);
            anchors[k] = anchors[k] is var (f, l) ? (Math.Min(f, w.Index), Math.Max(l, w.Index)) : (w.Index, w.Index);
        }
        var parts = new (int First, int Last)?[stretches.Count];
        var shared = Options.SharedWords;
        var previousLast = -1;
        var previousIndex = -1;
        for (var k = 0; k <= stretches.Count; k++)
        {
            if (k < stretches.Count && anchors[k] is null)
                continue;
            // the words between the previous anchored stretch and this one (or the ends of the text)
            var gapFirst = previousLast + 1;
            var gapLast = k < stretches.Count ? anchors[k]!.Value.First - 1 : count - 1;
            if (previousIndex >= 0)
                parts[previousIndex] = (parts[previousIndex]!.Value.First, Math.Max(parts[previousIndex]!.Value.Last, Math.Min(gapLast, previousLast + shared)));
            // a stretch between them that anchored nothing (misheard throughout, or no reading at all) may hold any
            // of those words, up to as many as it could have read
            for (var between = previousIndex + 1; between < k && gapLast >= gapFirst; between++)
                parts[between] = (gapFirst, Math.Min(gapLast, gapFirst + MostWords(stretches[between]) - 1));
            if (k == stretches.Count)
                break;
            parts[k] = (Math.Min(anchors[k]!.Value.First, Math.Max(gapFirst, anchors[k]!.Value.First - shared)), anchors[k]!.Value.Last);
            (previousLast, previousIndex) = (anchors[k]!.Value.Last, k);
        }
        return parts;
    }

    /// <summary>More words than anyone reads aloud in the stretch (5 a second).</summary>
    private static int MostWords(Stretch stretch) => (int)Math.Ceiling(stretch.Audio.DurationSeconds * 5);

    private static int StretchAt(List<Stretch> stretches, double seconds)
    {
        var k = stretches.FindLastIndex(s => s.Offset <= seconds);
        return Math.Max(0, k);
    }
}
