using Earshot.Server.Jobs.Pipelines;

namespace Earshot.Server.Recordings;

/// <summary>Where a keyword hit came from: the recognised words, or keyphrase spotting on the audio itself.</summary>
public enum HitSource { Transcript, Acoustic }

/// <summary>One place a keyword was said; hits of both sources that overlap in time are one hit listing both.</summary>
public sealed record KeywordHit(string Keyword, double Start, double End, double Confidence, IReadOnlyList<HitSource> Sources);

/// <summary>A keyword the acoustic spotter could not search for (a word missing from its pronunciation dictionary).</summary>
public sealed record SkippedKeyword(string Keyword, string Reason);

/// <summary>VADER proportions (neg + neu + pos = 1, or all 0 without words) and the compound score in [-1, 1].</summary>
public sealed record SentimentFigures(double Neg, double Neu, double Pos, double Compound);

/// <summary>One sentence — a recogniser segment (an utterance between pauses) — with its time span and sentiment.</summary>
public sealed record SentenceSentiment(string Text, double Start, double End, double Neg, double Neu, double Pos, double Compound);

public sealed record RecordingSentiment(SentimentFigures Overall, IReadOnlyList<SentenceSentiment> Sentences);

/// <summary>A piece of the audio analysed on its own (seconds from the start of the recording).</summary>
public sealed record AnalysedChunk(double Start, double End);

/// <summary>
/// The stored result of a recording's analysis. <see cref="KeywordHits"/> are the keywords among the recognised words
/// (sources "transcript", plus "acoustic" where the spotter heard it there too); <see cref="AcousticHits"/> are places
/// only the spotter heard, with its calibrated confidence, kept apart because they are wrong more often than right. <see cref="Words"/> is null when timestamps were not asked for,
/// <see cref="Sentiment"/> when sentiment was not.
/// </summary>
public sealed record RecordingAnalysis(
    string Text,
    double Duration,
    IReadOnlyList<WordTiming>? Words,
    IReadOnlyDictionary<string, int> WordFreqs,
    IReadOnlyList<KeywordHit> KeywordHits,
    IReadOnlyList<KeywordHit> AcousticHits,
    IReadOnlyList<SkippedKeyword> AcousticSkipped,
    RecordingSentiment? Sentiment,
    IReadOnlyList<AnalysedChunk> Chunks,
    string Model,
    string ModelVersion,
    string? AcousticModel);
