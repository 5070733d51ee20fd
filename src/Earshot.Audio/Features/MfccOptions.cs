namespace Earshot.Audio.Features;

/// <summary>
/// Kaldi <c>compute-mfcc-feats</c> options (defaults as in Kaldi, except dither, which is off so that a voiceprint is
/// reproducible). <see cref="SpeakerModel"/> is the x-vector model's <c>mfcc.conf</c>: 8 kHz, 23 cepstra, 20–3700 Hz.
/// </summary>
public sealed record MfccOptions
{
    public int SampleRate { get; init; } = 16_000;
    public double FrameLengthMs { get; init; } = 25;
    public double FrameShiftMs { get; init; } = 10;
    public int NumCeps { get; init; } = 13;
    public int NumBins { get; init; } = 23;
    public double LowFreq { get; init; } = 20;

    /// <summary>Upper edge of the mel bank in Hz; zero or negative counts from the Nyquist frequency, as in Kaldi.</summary>
    public double HighFreq { get; init; }

    public double CepstralLifter { get; init; } = 22;
    public double Preemphasis { get; init; } = 0.97;

    /// <summary>Replace c0 by the frame's log energy, measured before pre-emphasis and windowing (Kaldi's raw energy).</summary>
    public bool UseEnergy { get; init; } = true;

    public static MfccOptions SpeakerModel { get; } = new() { SampleRate = 8_000, NumCeps = 23, LowFreq = 20, HighFreq = 3700 };

    public int FrameLength => (int)(SampleRate * FrameLengthMs / 1000);
    public int FrameShift => (int)(SampleRate * FrameShiftMs / 1000);
}
