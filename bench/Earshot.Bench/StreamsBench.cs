using System.Diagnostics;
using System.Globalization;
using Earshot.Audio;
using Earshot.Sdk.Models;
using Earshot.Server.Models;
using Earshot.Server.Streaming;
using Earshot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Earshot.Bench;

/// <summary>
/// Live streams: N concurrent WebSocket streams (GET /v1/stream) each sending real speech at real time in 1000-frame packets,
/// against the real server on loopback in this process. Per N: partial latency (packet sent → its reply) p50/p95,
/// whether lag stays bounded (late replies no slower than early ones, final result soon after eof), and resident memory
/// per added stream. Baseline in the same run: N = 1, and the same audio decoded in one batch call by the streams' own
/// recogniser. Options: [levels, e.g. 1,2,4,8, or "find" to double N until streams fall behind, then bisect]
/// [seconds of audio per stream] [--talk=F: each stream speaks only a fraction F of the time (its utterances
/// separated by silence, streams out of phase), as callers or meeting microphones do; 0 sends silence only]
/// [--Streaming:…=value settings passed to the server, e.g. --Streaming:DecoderPoolSize=4, --Streaming:DecoderArguments:-ds=2].
/// A stream borrows a decoder only mid-utterance, so the table also counts the decoders the streams' pool ever created.
/// </summary>
internal static class StreamsBench
{
    private const int Frames = 1000;

    public static async Task RunAsync(string[] args)
    {
        var talk = args.Where(a => a.StartsWith("--talk=", StringComparison.Ordinal))
            .Select(a => double.Parse(a["--talk=".Length..], CultureInfo.InvariantCulture)).DefaultIfEmpty(1).Single();
        var settings = args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && !a.StartsWith("--talk=", StringComparison.Ordinal)).ToArray();
        args = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var find = args.Length > 0 && args[0] == "find";
        var admit = args.Length > 0 && args[0] == "admit";
        var levels = find || admit ? [] : (args.Length > 0 ? args[0] : "1,2,3,4,6,8").Split(',').Select(int.Parse).ToArray();
        var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : admit ? 90 : 15;
        var audio = await SpeechAsync(seconds);
        // One bench user opens every stream. Fixed levels and "find" measure raw capacity, so admission by lag is off there;
        // "admit" measures that admission (Streaming:MaxLagSeconds as configured, default 1 s).
        await using var server = await BenchServer.StartAsync([$"--Streaming:MaxStreams={(find || admit ? 64 : levels.Max())}", "--Streaming:MaxStreamsPerUser=64",
            .. admit ? Array.Empty<string>() : ["--Streaming:MaxLagSeconds=3600"],
            "--Models:Disabled:0=tesseract", "--Models:Disabled:1=ppocr", "--Models:Disabled:2=silero-vad", "--Models:Disabled:3=vader", .. settings]);
        using var http = await server.CreateUserClientAsync();
        var token = http.DefaultRequestHeaders.Authorization!.Parameter!;
        var url = new Uri(new Uri(server.BaseAddress.ToString().Replace("http", "ws", StringComparison.Ordinal)), "v1/stream");
        if (admit)
        {
            await AdmitAsync(url, token, audio, settings);
            return;
        }

        var streamAudio = Conversation(audio, talk);
        Console.WriteLine($"streams: {streamAudio.Length / 16000.0:F1} s per stream at real time ({talk:P0} of it LibriSpeech, the rest silence), {Frames}-frame packets, "
            + $"{Environment.ProcessorCount} cores, settings: {(settings.Length == 0 ? "defaults" : string.Join(' ', settings))}, load average before: {LoadAverage()}");
        await RunLevelAsync(url, token, audio[..(16000 * 3)], 1); // warm-up: loads the stream pool's first decoder
        var baseline = Rss();
        Console.WriteLine($"resident memory after warm-up: {baseline / 1e6:F0} MB");
        // The streams' own recogniser: its pool's decoders are counted per level, and it decodes the batch baseline.
        var streaming = (Earshot.Engines.PocketSphinx.PocketSphinxRecognizer)server.Services.GetRequiredService<StreamRecognizers>().Find("pocketsphinx")!;
        using (var self = Process.GetCurrentProcess())
        {
            // The idle server (Hangfire polling, timers) costs CPU too; over a real-time stream that is charged per audio second.
            var audioSeconds = audio.Length / 16000.0;
            var cpuBefore = self.TotalProcessorTime;
            await Task.Delay(TimeSpan.FromSeconds(audioSeconds));
            self.Refresh();
            var idle = (self.TotalProcessorTime - cpuBefore).TotalSeconds / audioSeconds;
            cpuBefore = self.TotalProcessorTime;
            await RunLevelAsync(url, token, audio, 1);
            self.Refresh();
            var cpuPerAudioSecond = (self.TotalProcessorTime - cpuBefore).TotalSeconds / audioSeconds;
            Console.WriteLine($"CPU per second of streamed audio (one stream, server + client): {cpuPerAudioSecond:F3} s, of which the idle server {idle:F3} s "
                + $"→ at most ~{Environment.ProcessorCount / (cpuPerAudioSecond - idle):F1} real-time streams on {Environment.ProcessorCount} idle cores");
            // Baseline: the same audio decoded in one batch call by the streams' recogniser (same decoder settings, no partials, no WebSocket).
            self.Refresh();
            cpuBefore = self.TotalProcessorTime;
            await streaming.TranscribeAsync(new AudioBuffer(audio), new TranscribeOptions(), CancellationToken.None);
            self.Refresh();
            Console.WriteLine($"baseline, batch TranscribeAsync of the same audio: {(self.TotalProcessorTime - cpuBefore).TotalSeconds / audioSeconds:F3} s CPU per audio second");
        }
        Console.WriteLine("  N  ok  partial p50/p95 ms  early→late p50 ms  final after eof p95 ms  lag bounded  peak RSS MB  MB/added stream  decoders  load avg");
        var (previousN, previousPeak) = (0, baseline);
        var keptUp = 0;
        var failedAt = int.MaxValue;
        int? Next() => find
            ? previousN == 0 ? 2 : failedAt == int.MaxValue ? previousN * 2 : failedAt - keptUp > 1 ? (keptUp + failedAt) / 2 : null
            : levels.Skip(Array.IndexOf(levels, previousN) + 1).Cast<int?>().FirstOrDefault();
        while (Next() is { } n)
        {
            var (runs, peak) = await RunLevelAsync(url, token, i => Rotate(streamAudio, i * streamAudio.Length / n), n);
            var ok = runs.Count(r => r.Succeeded);
            var latencies = runs.SelectMany(PartialLatencies).ToList();
            var early = runs.SelectMany(r => PartialLatencies(r).Take(PartialLatencies(r).Count / 4)).ToList();
            var late = runs.SelectMany(r => PartialLatencies(r).TakeLast(PartialLatencies(r).Count / 4)).ToList();
            var finals = runs.Where(r => r.EofSentAt is not null && r.Replies.Count > 0).Select(r => (r.Replies[^1].At - r.EofSentAt!.Value).TotalMilliseconds).ToList();
            var bounded = ok == n && Stats.Median(late) < Math.Max(2 * Stats.Median(early), 250) && Stats.Percentile(finals, 0.95) < 1000;
            if (bounded)
                keptUp = Math.Max(keptUp, n);
            else
                failedAt = Math.Min(failedAt, n);
            Console.WriteLine($"{n,3} {ok,3}  {Stats.Median(latencies),8:F0} / {Stats.Percentile(latencies, 0.95),-7:F0}  {Stats.Median(early),7:F0} → {Stats.Median(late),-7:F0}"
                + $"  {Stats.Percentile(finals, 0.95),14:F0}         {(bounded ? "yes" : "NO"),-5}  {peak / 1e6,10:F0}  {(n > previousN ? (peak - previousPeak) / 1e6 / (n - previousN) : double.NaN),12:F1}  {streaming.DecoderLoadTimes.Count,8}  {LoadAverage()}");
            if (n > previousN)
                previousPeak = Math.Max(peak, previousPeak);
            previousN = n;
        }
        Console.WriteLine($"largest N that kept up (all finished, late partials < 2x early, final < 1 s after eof): {keptUp}");
    }

    /// <summary>
    /// Admission by lag: a new real-time stream every 2 s until the server refuses one with 1013, then every admitted
    /// stream runs to its end. Reports how many were admitted, why the next was refused, and how the admitted ones fared.
    /// </summary>
    private static async Task AdmitAsync(Uri url, string token, short[] audio, string[] settings)
    {
        Console.WriteLine($"streams admit: a new {audio.Length / 16000.0:F0} s real-time stream every 2 s until one is refused; "
            + $"{Environment.ProcessorCount} cores, settings: {(settings.Length == 0 ? "defaults (MaxLagSeconds 1)" : string.Join(' ', settings))}, load average before: {LoadAverage()}");
        await RunLevelAsync(url, token, audio[..(16000 * 3)], 1); // warm-up: loads the stream pool's first decoder
        async Task<StreamRun> OneAsync(short[] samples)
        {
            using var socket = await VoskStreamClient.ConnectAsync(url, token, null, CancellationToken.None);
            return await VoskStreamClient.RunAsync(socket, samples, Frames, realtime: true, null, CancellationToken.None);
        }
        var admitted = new List<Task<StreamRun>>();
        string? refusal = null;
        for (var i = 0; i < 60 && refusal is null; i++)
        {
            var run = OneAsync(Rotate(audio, i * 16000 * 7 % audio.Length));
            if (await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(2))) == run && (int?)run.Result.CloseStatus == 1013)
                refusal = $"stream {i + 1} refused at {LoadAverage()} load: {run.Result.CloseReason}";
            else
                admitted.Add(run);
        }
        var runs = await Task.WhenAll(admitted);
        var latencies = runs.SelectMany(PartialLatencies).ToList();
        var finals = runs.Where(r => r.EofSentAt is not null && r.Replies.Count > 0).Select(r => (r.Replies[^1].At - r.EofSentAt!.Value).TotalMilliseconds).ToList();
        Console.WriteLine(refusal ?? "no stream refused");
        Console.WriteLine($"admitted {runs.Length}, finished {runs.Count(r => r.Succeeded)}; partial p50/p95 {Stats.Median(latencies):F0} / {Stats.Percentile(latencies, 0.95):F0} ms, "
            + $"final after eof p95 {Stats.Percentile(finals, 0.95):F0} ms; load average after: {LoadAverage()}");
    }

    /// <summary>Packet i is answered by reply i (one partial or result per packet), so reply time minus send time is its latency.</summary>
    private static List<double> PartialLatencies(StreamRun run) =>
        run.Replies.Take(run.PacketsSentAt.Count).Select((r, i) => (r.At - run.PacketsSentAt[i]).TotalMilliseconds).ToList();

    /// <summary>Each utterance followed by silence so that speech is <paramref name="talk"/> of the whole (1: the speech as it is).</summary>
    private static short[] Conversation(short[] speech, double talk)
    {
        if (talk >= 1)
            return speech;
        if (talk <= 0)
            return new short[speech.Length];
        var result = new List<short>();
        foreach (var utterance in speech.Chunk(16000 * 4))
        {
            result.AddRange(utterance);
            result.AddRange(new short[(int)(utterance.Length * (1 - talk) / talk)]);
        }
        return [.. result];
    }

    /// <summary>The audio started <paramref name="offset"/> samples in (and wrapped round), so streams are out of phase.</summary>
    private static short[] Rotate(short[] audio, int offset) => [.. audio[offset..], .. audio[..offset]];

    private static Task<(List<StreamRun> Runs, long PeakRss)> RunLevelAsync(Uri url, string token, short[] audio, int n) =>
        RunLevelAsync(url, token, _ => audio, n);

    private static async Task<(List<StreamRun> Runs, long PeakRss)> RunLevelAsync(Uri url, string token, Func<int, short[]> audioOf, int n)
    {
        long peak = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, Rss());
                await Task.Delay(100);
            }
        });
        var runs = await Task.WhenAll(Enumerable.Range(0, n).Select(async i =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(i * 1000.0 / n)); // staggered, as independent clients would be
            using var socket = await VoskStreamClient.ConnectAsync(url, token, null, CancellationToken.None);
            return await VoskStreamClient.RunAsync(socket, audioOf(i), Frames, realtime: true, null, CancellationToken.None);
        }));
        await sampling.CancelAsync();
        await sampler;
        return ([.. runs], peak);
    }

    private static async Task<short[]> SpeechAsync(double seconds)
    {
        var samples = new List<short>();
        foreach (var sample in SpeechManifest.Load().Where(s => s.Dataset.StartsWith("LibriSpeech", StringComparison.Ordinal)).Cycle())
        {
            if (samples.Count >= seconds * 16000)
                break;
            var wav = Path.Combine(Path.GetTempPath(), $"earshot-bench-{Guid.NewGuid():N}.wav");
            await new Ffmpeg().ConvertToCanonicalWavAsync(sample.FullPath, wav, CancellationToken.None);
            samples.AddRange(WavFile.Read(wav).Samples);
            File.Delete(wav);
        }
        return [.. samples];
    }

    private static IEnumerable<T> Cycle<T>(this IEnumerable<T> items)
    {
        var list = items.ToList();
        while (list.Count > 0)
            foreach (var item in list)
                yield return item;
    }

    private static long Rss()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
