namespace Earshot.Engines.SileroVad;

/// <summary>Silero VAD model file and the segmentation rules of Silero's get_speech_timestamps.</summary>
public sealed record SileroVadOptions
{
    public required string ModelPath { get; init; }

    /// <summary>A window whose speech probability reaches this starts (or continues) speech.</summary>
    public float Threshold { get; init; } = 0.5f;

    /// <summary>Speech ends only after windows below this; null means Threshold − 0.15, as Silero does.</summary>
    public float? NegativeThreshold { get; init; }

    /// <summary>Shorter stretches of speech are dropped.</summary>
    public TimeSpan MinSpeech { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Speech ends after this much silence; shorter pauses stay inside one span.</summary>
    public TimeSpan MinSilence { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Each span is widened by this on both sides (neighbours closer than twice this split the gap).</summary>
    public TimeSpan SpeechPad { get; init; } = TimeSpan.FromMilliseconds(30);

    /// <summary>ONNX Runtime intra-op threads; the model is tiny and runs window by window, so one is best.</summary>
    public int Threads { get; init; } = 1;

    internal float EffectiveNegativeThreshold => NegativeThreshold ?? Math.Max(Threshold - 0.15f, 0.01f);
}
