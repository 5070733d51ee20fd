using Earshot.Audio;
using Earshot.Engines.SileroVad;
using Earshot.Sdk.Models;

namespace Earshot.Engines.Analytics;

/// <summary>
/// Turns one channel's 16 kHz PCM, fed in pieces of any size, into <see cref="BlockFeatures"/>, one per 64 ms block.
/// Keeps only the current block and 30 ms of pitch context, so memory does not grow with the recording.
/// One instance per channel; not thread-safe.
/// </summary>
public sealed class ChannelAnalyzer : IDisposable
{
    private const int PitchContext = 480;
    private static readonly PitchEstimator Pitch = new(new PitchOptions(MinFrequency: 60, MaxFrequency: 450));

    private readonly SileroVadStream _vad;
    private readonly SpectrumAnalyzer _spectrum = new();
    private readonly short[] _pitchBuffer = new short[PitchContext + BlockFeatures.Samples];
    private readonly float[] _frame = new float[SpectrumAnalyzer.FrameSamples];
    private int _filled;

    private readonly bool _keepSamples;

    public ChannelAnalyzer(SileroVoiceActivityDetector vad, bool keepSamples = false)
    {
        _vad = vad.OpenStream();
        _keepSamples = keepSamples;
    }

    /// <summary>Adds samples; returns the blocks completed by them (none until 1024 samples have arrived).</summary>
    public IReadOnlyList<BlockFeatures> Accept(ReadOnlySpan<short> samples)
    {
        List<BlockFeatures>? done = null;
        while (!samples.IsEmpty)
        {
            var take = Math.Min(samples.Length, BlockFeatures.Samples - _filled);
            samples[..take].CopyTo(_pitchBuffer.AsSpan(PitchContext + _filled));
            _filled += take;
            samples = samples[take..];
            if (_filled == BlockFeatures.Samples)
            {
                (done ??= []).Add(Analyse());
                _filled = 0;
            }
        }
        return (IReadOnlyList<BlockFeatures>?)done ?? [];
    }

    /// <summary>Completes a last partial block with silence (its level counts only the real samples).</summary>
    public BlockFeatures? Flush()
    {
        if (_filled == 0)
            return null;
        _pitchBuffer.AsSpan(PitchContext + _filled).Clear();
        var block = Analyse();
        _filled = 0;
        return block;
    }

    public void Dispose() => _vad.Dispose();

    private BlockFeatures Analyse()
    {
        var block = _pitchBuffer.AsSpan(PitchContext, BlockFeatures.Samples);
        var rms = (float)Loudness.Rms(block[.._filled]);
        var mel = new float[2 * SpectrumAnalyzer.Bands];
        var vad = new float[2];
        for (var f = 0; f < 2; f++)
        {
            var part = block.Slice(f * SpectrumAnalyzer.FrameSamples, SpectrumAnalyzer.FrameSamples);
            for (var i = 0; i < part.Length; i++)
                _frame[i] = part[i] / 32768f;
            _spectrum.LogMel(_frame, mel.AsSpan(f * SpectrumAnalyzer.Bands, SpectrumAnalyzer.Bands));
            _vad.Accept(part);
            vad[f] = _vad.LastProbability;
        }

        var frames = Pitch.Estimate(new AudioBuffer(_pitchBuffer, AudioBuffer.CanonicalSampleRate));
        int voiced = 0;
        double logSum = 0, logSquares = 0, confidence = 0;
        foreach (var frame in frames)
        {
            confidence += frame.Confidence;
            if (frame.Frequency is { } hz)
            {
                voiced++;
                var log = Math.Log(hz);
                logSum += log;
                logSquares += log * log;
            }
        }
        // The end of this block is the pitch context of the next.
        _pitchBuffer.AsSpan(BlockFeatures.Samples, PitchContext).CopyTo(_pitchBuffer);
        return new BlockFeatures
        {
            Rms = rms, LogMel = mel, Vad0 = vad[0], Vad1 = vad[1], PitchFrames = frames.Count, Voiced = voiced,
            LogF0Sum = (float)logSum, LogF0SquareSum = (float)logSquares, ConfidenceSum = (float)confidence,
            Pcm = _keepSamples ? block.ToArray() : null,
        };
    }
}
