using System.ComponentModel.DataAnnotations;
using Earshot.Engines.PocketSphinx;
using Earshot.Engines.Reading;
using Earshot.Sdk;
using Earshot.Sdk.Models;
using Earshot.Server.Entities;

namespace Earshot.Server.Jobs.Pipelines;

/// <summary>Settings of reading comparisons (section "Reading").</summary>
public sealed class ReadingOptions
{
    public const string Section = "Reading";

    /// <summary>Longest reference text accepted, in characters.</summary>
    [Range(1, int.MaxValue)]
    public int MaxTextCharacters { get; set; } = 5000;

    /// <summary>Longest reading accepted, in seconds of audio. A reading is held decoded in memory while it is assessed
    /// (16 kHz mono floats, about 3.8 MB a minute), so this bounds a job's memory; a page read aloud takes 1-5 minutes.</summary>
    [Range(1.0, 14_400.0)]
    public double MaxAudioSeconds { get; set; } = 1800;

    /// <summary>Seconds of audio kept on each side of a word in its clip.</summary>
    [Range(0.0, 10.0)]
    public double ClipPaddingSeconds { get; set; } = 0.25;

    /// <summary>"classifier" (a classifier trained on the evaluation's planted deviations, over the evidence of the GOP
    /// and joint reading-grammar decodes) or the faster fallback "joint+gop" (goodness of pronunciation, its reports
    /// withdrawn where the joint decode read the word); both PocketSphinx only, other models are judged by their plain
    /// transcript. See docs/reading-assessment.md. Another value stops the server at start-up (<see cref="Methods"/>).</summary>
    public string Method { get; set; } = "classifier";

    /// <summary>How long readings are cut into stretches and followed through the text (section "Reading:Page");
    /// recordings up to <see cref="PageReadingOptions.WholeSeconds"/> are assessed whole.</summary>
    public PageReadingOptions Page { get; set; } = new();

    /// <summary>The values <see cref="Method"/> may take (<see cref="ReadingRecognizers"/> makes each).</summary>
    public static readonly IReadOnlyList<string> Methods = ["classifier", "joint+gop"];
}

/// <summary>Recognises a reading against its reference, assesses it and stores the clips; shared by both comparison pipelines.</summary>
public sealed class ReadingComparison(AudioClips clips, ReadingRecognizers recognizers, Microsoft.Extensions.Options.IOptions<ReadingOptions> options)
{
    public ReadingOptions Options => options.Value;

    public async Task<ComparisonResult> CompareAsync(ISpeechRecognizer model, StoredFile file, AudioBuffer audio, string reference,
        ImageProcessingResult? image, Func<int, BoxCoordinates?> boxOf, JobContext context, CancellationToken cancellationToken)
    {
        // progress from 5 to 70 % as the stretches of a long reading are assessed
        var method = recognizers.For(model, (share, ct) => context.ReportProgressAsync(5 + (int)(65 * share), ct));
        var decoded = await method.HearAsync(audio, reference, cancellationToken);
        var heard = decoded.Primary;
        await context.ReportProgressAsync(70, cancellationToken);

        var assessment = decoded.Assess(reference);
        var pad = Options.ClipPaddingSeconds;
        var wordSpans = assessment.Words.Select(w => SpanOf(assessment.Words, w.Index, audio.DurationSeconds)).ToList();
        var spans = wordSpans.Where(s => s is not null).Select(s => Pad(s!.Value, pad))
            .Concat(assessment.Insertions.Select(i => Pad(new TimeSpan2(i.Start, i.End), pad)))
            .Concat(heard.Segments.Select(s => new TimeSpan2(s.Start, s.End))).ToList();
        var ids = await clips.StoreAsync(context.OwnerId, file, audio, spans, cancellationToken);

        var next = 0;
        var words = assessment.Words.Select(w => new ComparisonWord(w.Index, w.Text, w.CharStart, w.CharLength, w.Status, w.Heard,
            Round(w.Start), Round(w.End), w.Confidence, wordSpans[w.Index] is null ? null : ids[next++], boxOf(w.Index))).ToList();
        var insertions = assessment.Insertions.Select(i => new ComparisonInsertion(i.BeforeIndex, i.Word, Round(i.Start)!.Value, Round(i.End)!.Value,
            i.Confidence, i.Status, ids[next++])).ToList();
        var segments = heard.Segments.Select(s => new AudioSegment(Round(s.Start)!.Value, Round(s.End)!.Value, s.Text, ids[next++])).ToList();

        var audioResult = new ComparisonAudio(heard.Text, segments, heard.Words.Select(AudioProcessPipeline.ToTiming).ToList(), model.Info.Name, model.Info.Version);
        return Build(image, audioResult, reference, words, insertions, method.Name);
    }

    /// <summary>Assembles (or, after an override, re-assembles) the result: errors and scores follow from the words.</summary>
    public static ComparisonResult Build(ImageProcessingResult? image, ComparisonAudio audio, string reference, IReadOnlyList<ComparisonWord> words,
        IReadOnlyList<ComparisonInsertion> insertions, string method)
    {
        var readingWords = words.Select(w => new ReadingWord(w.Index, w.Text, w.AtChar, w.Length, w.Status, w.Heard, w.Start, w.End, w.Confidence)).ToList();
        var heard = audio.Words.Select(w => new RecognizedWord(w.Word, w.Start, w.End, w.Conf)).ToList();
        var scores = ReadingAssessor.Score(readingWords, heard, ReadingAssessorOptions.Default);

        var errors = words.Where(w => w.Status is not (ReadingStatus.Correct or ReadingStatus.SelfCorrection))
            .Select(w => (AtChar: w.AtChar, Error: new ComparisonError(Segment(w.Start, w.End, w.Heard, w.Clip), w.AtChar, w.Heard ?? "", w.Text)))
            .Concat(insertions.Where(i => i.Status == ReadingStatus.Insertion).Select(i =>
            {
                var at = i.BeforeIndex < words.Count ? words[i.BeforeIndex].AtChar : reference.Length;
                return (AtChar: at, Error: new ComparisonError(Segment(i.Start, i.End, i.Word, i.Clip), at, i.Word, ""));
            }))
            .OrderBy(e => e.AtChar).Select(e => e.Error).ToList();
        return new ComparisonResult(image, audio, errors, reference, words, insertions,
            new ComparisonScores(scores.Accuracy, scores.Completeness, scores.WordsCorrectPerMinute, scores.ReadingTime,
                scores.LongPauses.Select(p => new ComparisonPause(Math.Round(p.Start, 3), Math.Round(p.End, 3))).ToList()),
            method);
    }

    private static AudioSegment Segment(double? start, double? end, string? text, Guid? clip) =>
        new(start ?? 0, end ?? 0, text ?? "", clip ?? Guid.Empty);

    /// <summary>The heard span of a word; for an omission the gap between its heard neighbours (null when nothing was heard around it).</summary>
    private static TimeSpan2? SpanOf(IReadOnlyList<ReadingWord> words, int index, double duration)
    {
        var word = words[index];
        if (word.Start is { } start && word.End is { } end)
            return new TimeSpan2(start, end);
        var before = words.Take(index).LastOrDefault(w => w.End is not null)?.End;
        var after = words.Skip(index + 1).FirstOrDefault(w => w.Start is not null)?.Start;
        if (before is null && after is null)
            return null;
        return new TimeSpan2(before ?? Math.Max(0, after!.Value - 0.5), Math.Max(after ?? Math.Min(duration, before!.Value + 0.5), before ?? 0));
    }

    private static TimeSpan2 Pad(TimeSpan2 span, double pad) => new(Math.Max(0, span.Start - pad), span.End + pad);

    private static double? Round(double? seconds) => seconds is { } s ? Math.Round(s, 3) : null;
}
