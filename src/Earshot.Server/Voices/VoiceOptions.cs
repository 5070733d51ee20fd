using System.ComponentModel.DataAnnotations;

namespace Earshot.Server.Voices;

/// <summary>The "Voices" section: voice verification (docs/voice-verification.md).</summary>
public sealed class VoiceOptions
{
    public const string Section = "Voices";

    /// <summary>Verification accepts a score at or above this. The default is the equal-error-rate threshold of
    /// <c>earshot-lab eval speakers --trials ../shared/eval/speakers/trials.tsv</c>.</summary>
    [Range(-1.0, 1.0)]
    public double Threshold { get; set; } = 0.4669;

    /// <summary>Least voiced audio (energy VAD frames) a voiceprint is made from; less is a 422.</summary>
    [Range(0.15, 60.0)]
    public double MinSpeechSeconds { get; set; } = 1.0;

    /// <summary>Folder with final.ext.raw, mean.vec and transform.mat; empty means {ModelsDirectory}/vosk-model-spk-0.4.</summary>
    public string? ModelDirectory { get; set; }

    /// <summary>Voiceprint extractions one account may run at once (each takes a core for tens of milliseconds per
    /// second of audio); one more is a 429.</summary>
    [Range(1, 1000)]
    public int MaxConcurrentPerUser { get; set; } = 2;

    /// <summary>Enrolled voiceprints one account may keep; one more is a 429.</summary>
    [Range(1, 10_000_000)]
    public int MaxEnrollmentsPerUser { get; set; } = 10_000;

    /// <summary>Longest audio (all sources together) a voiceprint is taken from; longer is a 422.</summary>
    [Range(1.0, 86_400.0)]
    public double MaxAudioSeconds { get; set; } = 600;

    /// <summary>Streams plus files one enrolment or verification may name.</summary>
    [Range(1, 100)]
    public int MaxSources { get; set; } = 20;
}
