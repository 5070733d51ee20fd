namespace Earshot.Engines.PocketSphinx;

/// <summary>A word or phrase to spot. Lower thresholds (1e-40) find more and raise more false alarms; higher (1e-5) the reverse.</summary>
public sealed record Keyphrase(string Text, double Threshold = 1e-20);

/// <summary>One place the phrase was heard, in seconds from the start of the audio.</summary>
public sealed record KeyphraseHit(string Keyphrase, double Start, double End, double Confidence);

/// <summary>A phrase that was not searched for, and why (for example a word missing from the dictionary).</summary>
public sealed record SkippedKeyphrase(string Keyphrase, string Reason);

public sealed record KeyphraseSpotting(IReadOnlyList<KeyphraseHit> Hits, IReadOnlyList<SkippedKeyphrase> Skipped);
