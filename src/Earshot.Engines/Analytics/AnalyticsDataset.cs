using Earshot.Audio;
using Earshot.Engines.SileroVad;

namespace Earshot.Engines.Analytics;

/// <summary>One 1024 ms window of a corpus recording with its label.</summary>
public sealed record LabelledWindow(string Task, string Label, string Group, string Split, float[] Features, float[]? Voiceprint = null)
{
    /// <summary>What a classifier with <paramref name="input"/> reads.</summary>
    public float[]? InputFor(string? input) => input is null ? Features : Voiceprint is null ? null : DenseClassifier.Join(input, Voiceprint, Features);
}

/// <summary>
/// Cuts corpus recordings into the windows the speech, arousal and emotions classifiers see (1024 ms, hop 512 ms) and
/// computes their features. Gender is decided per speech segment, not per window: see <see cref="GenderDataset"/>.
/// </summary>
public static class AnalyticsDataset
{
    private const int HopBlocks = WindowFeatures.MinimumBlocks / 2;
    private const float QuietRms = 0.003f;
    private const float SpeechVad = 0.5f;

    public static async Task<IReadOnlyList<LabelledWindow>> BuildAsync(IReadOnlyList<CorpusItem> items, SileroVoiceActivityDetector vad,
        string ffmpegPath, int parallelism, Action<string>? progress, CancellationToken cancellationToken)
    {
        var byFile = items.Where(i => i.Task != AnalyticsModelSet.Gender).GroupBy(i => i.Path).ToList();
        var windows = new List<LabelledWindow>();
        var done = 0;
        await Parallel.ForEachAsync(byFile, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (file, ct) =>
            {
                var features = await FileWindowsAsync(file.Key, vad, ffmpegPath, ct);
                var labelled = new List<LabelledWindow>();
                foreach (var item in file)
                {
                    foreach (var (window, rms) in features)
                    {
                        // Quiet windows are the volume threshold's business; pauses inside speech are not speech.
                        if (rms < QuietRms || item.SpeechOnly && window[VadIndex] < SpeechVad)
                            continue;
                        labelled.Add(new LabelledWindow(item.Task, item.Label, item.Group, item.Split, window));
                    }
                }
                lock (windows)
                {
                    windows.AddRange(labelled);
                    if (++done % 100 == 0)
                        progress?.Invoke($"{done}/{byFile.Count} recordings");
                }
            });
        // Parallel completion order varies; sort so training sees the same sequence every run.
        return windows.OrderBy(w => w.Task, StringComparer.Ordinal).ThenBy(w => w.Group, StringComparer.Ordinal)
            .ThenBy(w => w.Label, StringComparer.Ordinal).ThenBy(w => w.Features[0]).ThenBy(w => w.Features[1]).ToList();
    }

    public static readonly int VadIndex = Array.IndexOf(WindowFeatures.Names, "vad_mean");

    private static async Task<List<(float[] Features, float Rms)>> FileWindowsAsync(string path, SileroVoiceActivityDetector vad, string ffmpegPath,
        CancellationToken cancellationToken)
    {
        var blocks = await BlocksAsync(path, vad, ffmpegPath, keepSamples: false, cancellationToken);
        var result = new List<(float[], float)>();
        if (blocks.Count == 0)
            return result;
        if (blocks.Count <= WindowFeatures.MinimumBlocks)
        {
            result.Add((WindowFeatures.Compute(blocks), Level(blocks)));
            return result;
        }
        for (var start = 0; start + WindowFeatures.MinimumBlocks <= blocks.Count; start += HopBlocks)
        {
            var window = blocks.GetRange(start, WindowFeatures.MinimumBlocks);
            result.Add((WindowFeatures.Compute(window), Level(window)));
        }
        return result;
    }

    /// <summary>A whole recording (channel 0 or the mix ffmpeg gives) as blocks.</summary>
    public static async Task<List<BlockFeatures>> BlocksAsync(string path, SileroVoiceActivityDetector vad, string ffmpegPath, bool keepSamples,
        CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        var audio = await PcmStreamDecoder.DecodeAsync(stream, cancellationToken, ffmpegPath);
        using var analyzer = new ChannelAnalyzer(vad, keepSamples);
        var blocks = analyzer.Accept(audio.Samples).ToList();
        if (analyzer.Flush() is { } last)
            blocks.Add(last);
        return blocks;
    }

    /// <summary>RMS of a run of blocks, as a fraction of full scale.</summary>
    public static float Level(IReadOnlyList<BlockFeatures> blocks)
    {
        double squares = 0;
        foreach (var block in blocks)
            squares += block.Rms * block.Rms;
        return (float)Math.Sqrt(squares / blocks.Count);
    }
}
