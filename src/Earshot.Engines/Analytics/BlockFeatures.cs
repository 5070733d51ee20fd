namespace Earshot.Engines.Analytics;

/// <summary>What is kept of one 64 ms block (1024 samples at 16 kHz): its level, the log mel bands of its two 32 ms
/// frames, Silero's speech probability of each, and pitch statistics of the YIN frames centred in it.</summary>
public sealed class BlockFeatures
{
    public const int Samples = 1024;
    public const int Milliseconds = 64;

    public float Rms { get; init; }
    /// <summary>2 × <see cref="SpectrumAnalyzer.Bands"/> values: frame 0's bands, then frame 1's.</summary>
    public required float[] LogMel { get; init; }
    public float Vad0 { get; init; }
    public float Vad1 { get; init; }
    public int PitchFrames { get; init; }
    public int Voiced { get; init; }
    public float LogF0Sum { get; init; }
    public float LogF0SquareSum { get; init; }
    public float ConfidenceSum { get; init; }
    /// <summary>The block's PCM, kept only when a model reads the audio itself (the x-vector of the gender model).</summary>
    public short[]? Pcm { get; init; }
}
