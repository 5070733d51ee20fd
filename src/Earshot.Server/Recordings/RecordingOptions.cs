using System.ComponentModel.DataAnnotations;

namespace Earshot.Server.Recordings;

/// <summary>The "Recordings" configuration section: limits on what a recording may ask for, and analysis defaults.</summary>
public sealed class RecordingOptions
{
    public const string Section = "Recordings";

    [Range(1, 10_000)]
    public int MaxKeywords { get; set; } = 100;

    [Range(1, 1000)]
    public int MaxKeywordLength { get; set; } = 100;

    /// <summary>Speech model used when a request names none; empty means the first loaded speech recogniser.</summary>
    public string? DefaultModel { get; set; } = "pocketsphinx";

    /// <summary>The audio is analysed in pieces of about this length, read from disk one at a time.</summary>
    [Range(1, 3600)]
    public double ChunkSeconds { get; set; } = 180;

    /// <summary>Smallest chunk length a request may ask for (smaller pieces cut speech too often).</summary>
    [Range(1, 3600)]
    public double MinChunkSeconds { get; set; } = 10;

    /// <summary>Largest chunk length a request may ask for: bounds the memory one analysis holds.</summary>
    [Range(1, 3600)]
    public double MaxChunkSeconds { get; set; } = 600;

    /// <summary>PocketSphinx keyphrase-spotting threshold for the "acoustic" hits (lower finds more and raises more false alarms).</summary>
    [Range(1e-100, 1)]
    public double AcousticThreshold { get; set; } = 1e-10;

    /// <summary>How the spotter's raw confidence becomes the probability reported with an acoustic hit (fitted on the eval set).</summary>
    public AcousticCalibration AcousticCalibration { get; set; } = new();
}
