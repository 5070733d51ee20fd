namespace Earshot.Sdk.Models;

/// <summary>Mono 16-bit PCM, the canonical form every audio engine receives (16 kHz unless stated).</summary>
public sealed class AudioBuffer(short[] samples, int sampleRate = AudioBuffer.CanonicalSampleRate)
{
    public const int CanonicalSampleRate = 16_000;

    public short[] Samples { get; } = samples;
    public int SampleRate { get; } = sampleRate;
    public double DurationSeconds => (double)Samples.Length / SampleRate;

    /// <summary>Samples scaled to [-1, 1), as neural models expect.</summary>
    public float[] ToFloat()
    {
        var result = new float[Samples.Length];
        for (var i = 0; i < result.Length; i++)
            result[i] = Samples[i] / 32768f;
        return result;
    }

    public AudioBuffer Slice(double startSeconds, double endSeconds)
    {
        var from = Math.Clamp((int)(startSeconds * SampleRate), 0, Samples.Length);
        var to = Math.Clamp((int)(endSeconds * SampleRate), from, Samples.Length);
        return new AudioBuffer(Samples[from..to], SampleRate);
    }
}
