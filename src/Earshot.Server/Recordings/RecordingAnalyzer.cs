using Earshot.Audio;
using Earshot.Engines.PocketSphinx;
using Earshot.Sdk;
using Earshot.Sdk.Models;
using Earshot.Server.Jobs.Pipelines;
using Earshot.Text.Sentiment;

namespace Earshot.Server.Recordings;

/// <summary>What one analysis run computes.</summary>
public sealed record AnalysisSpec(IReadOnlyList<string> Keywords, bool Timestamps, bool Sentiment, double ChunkSeconds);

/// <summary>What the recognisers made of a whole recording, every time on the recording's clock.</summary>
/// <param name="AcousticModel">The keyphrase spotter's name; null when no acoustic search ran.</param>
public sealed record HeardSpeech(double Duration, IReadOnlyList<RecognizedWord> Words, IReadOnlyList<TranscriptSegment> Segments,
    IReadOnlyList<AnalysedChunk> Chunks, ModelInfo Model, IReadOnlyList<KeywordHit> AcousticHits, IReadOnlyList<SkippedKeyword> AcousticSkipped,
    string? AcousticModel);

/// <summary>
/// Transcribes a canonical WAV file chunk by chunk (<see cref="WavChunker"/>: only one chunk is in memory at a time),
/// shifts every time into the recording's clock, then derives keyword counts, keyword hits from the words and from
/// acoustic keyphrase spotting (merged where they overlap) and VADER sentiment per recogniser segment.
/// </summary>
/// <param name="spotter">Keyphrase spotter for the "acoustic" source; null leaves that source out.</param>
/// <param name="sentiment">VADER scorer; null when no sentiment can be computed.</param>
/// <param name="calibration">Maps the spotter's raw confidence to a probability; null uses the fitted defaults.</param>
public sealed class RecordingAnalyzer(ISpeechRecognizer recognizer, PocketSphinxRecognizer? spotter, VaderSentiment? sentiment, double acousticThreshold,
    AcousticCalibration? calibration = null)
{
    /// <summary>A cut may move back from its nominal place by this share of the chunk length (at most 30 s) to find a pause.</summary>
    public const double CutSearchShare = 0.2;

    /// <param name="chunkDone">Called after each chunk with (chunks done, chunks in all).</param>
    public async Task<RecordingAnalysis> AnalyzeAsync(string wavPath, AnalysisSpec spec, Func<int, int, Task> chunkDone, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(wavPath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);
        var info = WavFile.ReadInfo(stream);
        var ranges = WavChunker.Plan(stream, info, spec.ChunkSeconds, Math.Min(30, spec.ChunkSeconds * CutSearchShare));

        var phrases = spec.Keywords.GroupBy(KeywordMatcher.Normalize).ToDictionary(g => g.Key, g => g.First());
        var words = new List<RecognizedWord>();
        var segments = new List<TranscriptSegment>();
        var acousticHits = new List<KeywordHit>();
        IReadOnlyList<SkippedKeyword> skipped = [];
        var calibrate = calibration ?? new AcousticCalibration();
        var phones = spotter is null ? [] : PhoneCounts(spotter, phrases.Keys);
        for (var i = 0; i < ranges.Count; i++)
        {
            var audio = WavFile.ReadRange(stream, info, ranges[i].Start, (int)ranges[i].Length);
            var offset = (double)ranges[i].Start / info.SampleRate;
            var transcript = await recognizer.TranscribeAsync(audio, new TranscribeOptions { Hints = spec.Keywords }, cancellationToken);
            words.AddRange(transcript.Words.Select(w => w with { Start = w.Start + offset, End = w.End + offset }));
            segments.AddRange(transcript.Segments.Select(s => s with { Start = s.Start + offset, End = s.End + offset }));
            if (spotter is not null && phrases.Count > 0)
            {
                var spotting = await spotter.SpotKeyphrasesAsync(audio, phrases.Keys.Select(p => new Keyphrase(p, acousticThreshold)).ToList(), cancellationToken);
                acousticHits.AddRange(spotting.Hits.Where(h => phrases.ContainsKey(h.Keyphrase)).Select(h =>
                    new KeywordHit(phrases[h.Keyphrase], h.Start + offset, h.End + offset,
                        calibrate.Probability(h.Confidence, phones.GetValueOrDefault(h.Keyphrase)), [HitSource.Acoustic])));
                skipped = spotting.Skipped.Select(s => new SkippedKeyword(phrases.GetValueOrDefault(s.Keyphrase, s.Keyphrase), s.Reason)).ToList();
            }
            await chunkDone(i + 1, ranges.Count);
        }

        var chunks = ranges.Select(r => new AnalysedChunk(Round((double)r.Start / info.SampleRate), Round((double)r.End / info.SampleRate))).ToList();
        var heard = new HeardSpeech(info.DurationSeconds, words, segments, chunks, recognizer.Info, acousticHits, skipped,
            spotter is null || phrases.Count == 0 ? null : spotter.Info.Name);
        return Summarize(heard, spec, sentiment);
    }

    /// <summary>
    /// Keyword counts, merged keyword hits and sentiment of what was heard; also used for a WebSocket stream, whose words
    /// were recognised live.
    /// </summary>
    public static RecordingAnalysis Summarize(HeardSpeech heard, AnalysisSpec spec, VaderSentiment? sentiment)
    {
        var transcriptHits = KeywordMatcher.FindInWords(heard.Words, spec.Keywords);
        var text = string.Join(' ', heard.Segments.Select(s => s.Text));
        var hits = KeywordMatcher.MergeOverlapping([.. transcriptHits, .. heard.AcousticHits])
            .Select(h => h with { Start = Round(h.Start), End = Round(h.End), Confidence = Math.Round(h.Confidence, 4) }).ToList();
        return new RecordingAnalysis(
            text,
            Round(heard.Duration),
            spec.Timestamps ? heard.Words.Select(AudioProcessPipeline.ToTiming).ToList() : null,
            KeywordMatcher.Count(spec.Keywords, transcriptHits),
            hits.Where(h => h.Sources.Contains(HitSource.Transcript)).ToList(),
            hits.Where(h => !h.Sources.Contains(HitSource.Transcript)).ToList(),
            heard.AcousticSkipped,
            spec.Sentiment && sentiment is not null ? Sentiment(sentiment, text, heard.Segments) : null,
            heard.Chunks,
            heard.Model.Name,
            heard.Model.Version,
            heard.AcousticModel);
    }

    /// <summary>Phones of each keyphrase (all its words); keyphrases with a word the dictionary lacks are skipped by the spotter anyway.</summary>
    private static Dictionary<string, int> PhoneCounts(PocketSphinxRecognizer spotter, IEnumerable<string> keyphrases) =>
        keyphrases.ToDictionary(k => k, k => spotter.Pronunciations(k.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Sum(p => p?.Length ?? 0));

    /// <summary>PocketSphinx gives no punctuation, so a "sentence" is one recogniser segment: speech between two pauses.</summary>
    private static RecordingSentiment Sentiment(VaderSentiment vader, string text, IEnumerable<TranscriptSegment> segments)
    {
        var overall = vader.PolarityScores(text);
        return new RecordingSentiment(
            new SentimentFigures(R4(overall.Negative), R4(overall.Neutral), R4(overall.Positive), R4(overall.Compound)),
            segments.Select(s =>
            {
                var scores = vader.PolarityScores(s.Text);
                return new SentenceSentiment(s.Text, Round(s.Start), Round(s.End), R4(scores.Negative), R4(scores.Neutral), R4(scores.Positive), R4(scores.Compound));
            }).ToList());
    }

    private static double Round(double seconds) => Math.Round(seconds, 3);
    private static double R4(double value) => Math.Round(value, 4);
}
