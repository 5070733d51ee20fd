using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Earshot.Testing;

/// <summary>Long recordings for tests and benchmarks: eval utterances joined end to end by ffmpeg into one 16 kHz mono WAV.</summary>
public static class SpeechConcat
{
    /// <summary>
    /// Joins <paramref name="samples"/> in order, starting over when they run out, until the total reaches
    /// <paramref name="minSeconds"/>; returns the samples used, in order (with repeats).
    /// </summary>
    public static async Task<IReadOnlyList<SpeechSample>> BuildWavAsync(IReadOnlyList<SpeechSample> samples, double minSeconds, string wavPath,
        CancellationToken cancellationToken = default)
    {
        var used = new List<SpeechSample>();
        for (var total = 0.0; total < minSeconds; total += samples[used.Count % samples.Count].Duration)
            used.Add(samples[used.Count % samples.Count]);

        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in (string[])["-nostdin", "-v", "error", "-y"])
            start.ArgumentList.Add(arg);
        foreach (var sample in used.Distinct())
        {
            start.ArgumentList.Add("-i");
            start.ArgumentList.Add(sample.FullPath);
        }
        var inputs = used.Distinct().ToList();
        var graph = new StringBuilder();
        for (var i = 0; i < inputs.Count; i++)
        {
            var copies = used.Count(s => s == inputs[i]);
            graph.Append(CultureInfo.InvariantCulture, $"[{i}:a]aresample=16000,aformat=sample_fmts=s16:channel_layouts=mono,asplit={copies}");
            for (var c = 0; c < copies; c++)
                graph.Append(CultureInfo.InvariantCulture, $"[in{i}_{c}]");
            graph.Append(';');
        }
        var seen = new Dictionary<int, int>();
        for (var k = 0; k < used.Count; k++)
        {
            var i = inputs.IndexOf(used[k]);
            seen[i] = seen.GetValueOrDefault(i) + 1;
            graph.Append(CultureInfo.InvariantCulture, $"[in{i}_{seen[i] - 1}]");
        }
        graph.Append(CultureInfo.InvariantCulture, $"concat=n={used.Count}:v=0:a=1[out]");
        foreach (var arg in (string[])["-filter_complex", graph.ToString(), "-map", "[out]", "-ar", "16000", "-ac", "1", "-c:a", "pcm_s16le", wavPath])
            start.ArgumentList.Add(arg);

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"ffmpeg failed to join the recordings: {await errors}");
        return used;
    }
}
