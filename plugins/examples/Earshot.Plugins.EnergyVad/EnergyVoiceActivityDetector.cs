using Earshot.Sdk;
using Earshot.Sdk.Models;

namespace Earshot.Plugins.EnergyVad;

/// <summary>Marks 30 ms frames louder than a fixed level as speech and merges runs separated by less than 200 ms.</summary>
public sealed class EnergyVoiceActivityDetector(double thresholdDbfs) : IVoiceActivityDetector
{
    public ModelInfo Info { get; } = new("energy-vad", ModelKind.VoiceActivityDetector, ["*"],
        $"Energy threshold VAD (sample plugin), speech above {thresholdDbfs} dBFS", "1.0.0");

    public IReadOnlyList<TimeSpan2> DetectSpeech(AudioBuffer audio, CancellationToken cancellationToken)
    {
        var frame = audio.SampleRate * 30 / 1000;
        var threshold = Math.Pow(10, thresholdDbfs / 20) * 32768;
        var spans = new List<TimeSpan2>();
        for (var start = 0; start + frame <= audio.Samples.Length; start += frame)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double sum = 0;
            for (var i = start; i < start + frame; i++)
                sum += (double)audio.Samples[i] * audio.Samples[i];
            if (Math.Sqrt(sum / frame) < threshold)
                continue;
            double from = (double)start / audio.SampleRate, to = (double)(start + frame) / audio.SampleRate;
            if (spans.Count > 0 && from - spans[^1].End < 0.2)
                spans[^1] = spans[^1] with { End = to };
            else
                spans.Add(new TimeSpan2(from, to));
        }
        return spans;
    }
}
