using System.Diagnostics;
using Earshot.Engines.PocketSphinx;
using Earshot.Sdk.Models;
using Earshot.Testing;
using Earshot.Sdk;
using Earshot.Text;

namespace Earshot.Bench;

/// <summary>
/// PocketSphinx speed settings (ps_init arguments, as Streaming:DecoderArguments would pass them) against accuracy, in
/// process on the 33 eval recordings: CPU seconds per audio second and WER, for a batch decode and for the same audio
/// fed as a stream (1000-sample packets, partial hypothesis every 0.25 s), plus decoder load time and resident memory
/// per decoder. Baseline in the same run: the library defaults. Options: [settings separated by ';', e.g.
/// "-ds 2;-ds 2 -topn 2"] [--no-stream] [--limit N] [--no-baseline (only when comparing with a baseline run beside it)].
/// </summary>
internal static class DecoderSettingsBench
{
    private const int Packet = 1000;
    private const int PartialEvery = 4000;

    public static async Task RunAsync(string[] args)
    {
        var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        var settings = args.Contains("--no-baseline") ? new List<string>() : [""];
        if (positional.Count > 0)
            settings.AddRange(positional[0].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        var stream = !args.Contains("--no-stream");
        var limit = args.SkipWhile(a => a != "--limit").Skip(1).Select(int.Parse).FirstOrDefault(int.MaxValue);

        var samples = SpeechManifest.Load().Take(limit).ToList();
        var audio = await EvalAudio.LoadAsync(samples);
        var audioSeconds = audio.Sum(a => a.DurationSeconds);
        Console.WriteLine($"decoder settings: {samples.Count} eval recordings, {audioSeconds:F0} s of audio, load average before: {LoadAverage()}");
        Console.WriteLine($"{"arguments",-40} {"load s",6} {"MB/dec",6} {"batch CPU/s",11} {"WER",6} {"stream CPU/s",12} {"WER",6} {"same",5}  load avg");
        foreach (var setting in settings)
        {
            var arguments = PocketSphinxOptions.ParseArguments(setting);
            var rssBefore = Rss();
            using var recognizer = new PocketSphinxRecognizer(new PocketSphinxOptions { PoolSize = 1, DecoderArguments = arguments });
            var megabytes = (Rss() - rssBefore) / 1e6;

            var (batchCpu, batchTexts) = await MeasureAsync(audio, a => recognizer.TranscribeAsync(a, new TranscribeOptions(), CancellationToken.None));
            var batchWer = Wer(samples, batchTexts);
            string streamCpu = "-", streamWer = "-", same = "-";
            if (stream)
            {
                var (cpu, texts) = await MeasureAsync(audio, a => Task.Run(() => Stream(recognizer, a)));
                (streamCpu, streamWer) = ($"{cpu / audioSeconds:F3}", $"{Wer(samples, texts):P1}");
                same = $"{texts.Where((t, i) => t == batchTexts[i]).Count()}/{texts.Count}";
            }
            Console.WriteLine($"{(setting.Length == 0 ? "(defaults)" : setting),-40} {recognizer.DecoderLoadTimes[0].TotalSeconds,6:F2} {megabytes,6:F0} "
                + $"{batchCpu / audioSeconds,11:F3} {batchWer,6:P1} {streamCpu,12} {streamWer,6} {same,5}  {LoadAverage()}");
        }
    }

    /// <summary>The engine's streaming path as the WebSocket session drives it, without the socket.</summary>
    private static Transcript Stream(PocketSphinxRecognizer recognizer, AudioBuffer audio)
    {
        using var stream = recognizer.OpenStream(new TranscribeOptions());
        var utterances = new List<Transcript>();
        for (var offset = 0; offset < audio.Samples.Length; offset += Packet)
        {
            utterances.AddRange(stream.Accept(audio.Samples.AsSpan(offset, Math.Min(Packet, audio.Samples.Length - offset))));
            if (offset % PartialEvery == 0)
                _ = stream.PartialText;
        }
        utterances.Add(stream.Finish());
        return new Transcript(string.Join(' ', utterances.Where(u => u.Text.Length > 0).Select(u => u.Text)), [], [.. utterances.SelectMany(u => u.Words)]);
    }

    private static async Task<(double CpuSeconds, List<string> Texts)> MeasureAsync(List<AudioBuffer> audio, Func<AudioBuffer, Task<Transcript>> decode)
    {
        var texts = new List<string>();
        using var self = Process.GetCurrentProcess();
        var before = self.TotalProcessorTime;
        foreach (var a in audio)
            texts.Add((await decode(a)).Text);
        self.Refresh();
        return ((self.TotalProcessorTime - before).TotalSeconds, texts);
    }

    private static double Wer(List<SpeechSample> samples, List<string> texts) =>
        samples.Select((s, i) => ErrorRates.WordErrorRate(s.Transcript, texts[i])).Aggregate(ErrorRate.Zero, (a, b) => a + b).Rate;

    private static long Rss()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
