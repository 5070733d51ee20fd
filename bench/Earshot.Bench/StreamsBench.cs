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
/// against the real server in a process of its own (so that its CPU time and memory are measured apart from the bench's
/// clients). Without options it measures the three figures docs/streaming.md quotes, each against its goal:
/// (1) server CPU per second of streamed audio for one stream, against a batch decode of the same audio by the streams'
/// recogniser in the same server process; (2) resident memory per added speaking stream (decoders created on demand,
/// Streaming:WarmDecoders=0), and the largest N that kept up ("find": double N until streams fall behind, then bisect);
/// (3) 8 streams started within 1 s on a freshly started server (once its warm decoders are loaded): partial p95 over the
/// whole run, first utterances included. Options: [find | cold | admit | levels, e.g. 1,2,4,8] [seconds of audio per
/// stream, default 22] [--talk=F: each stream speaks only a fraction F of the time (its utterances separated by
/// silence, streams out of phase), as callers or meeting microphones do; 0 sends silence only]
/// [--Streaming:…=value settings passed to the server, e.g. --Streaming:DecoderPoolSize=4, --Streaming:DecoderArguments:-ds=2].
/// A stream borrows a decoder only mid-utterance, so the table also counts the decoders the streams' pool ever created.
/// </summary>
internal static class StreamsBench
{
    private const int Frames = 1000;
    private const int ColdStreams = 8;
    private const double CpuGoal = 1.3;
    private const double ColdP95GoalMs = 500;
    private const double MemoryGoalMb = 110;

    public static async Task RunAsync(string[] args)
    {
        var talk = args.Where(a => a.StartsWith("--talk=", StringComparison.Ordinal))
            .Select(a => double.Parse(a["--talk=".Length..], CultureInfo.InvariantCulture)).DefaultIfEmpty(1).Single();
        var settings = args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && !a.StartsWith("--talk=", StringComparison.Ordinal)).ToArray();
        args = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var mode = args.Length > 0 && !char.IsDigit(args[0][0]) ? args[0] : args.Length > 0 ? "levels" : "summary";
        var levels = mode == "levels" ? args[0].Split(',').Select(int.Parse).ToArray() : [];
        var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : mode == "admit" ? 90 : 22;
        var audio = await SpeechAsync(seconds);
        Console.WriteLine($"streams: {audio.Length / 16000.0:F1} s of LibriSpeech per stream at real time, {Frames}-frame packets, {Environment.ProcessorCount} cores, "
            + $"settings: {(settings.Length == 0 ? "defaults" : string.Join(' ', settings))}, load average before: {LoadAverage()}");
        // One bench user opens every stream. Capacity is measured without admission by lag; "admit" measures that admission
        // (Streaming:MaxLagSeconds as configured, default 1 s).
        string[] capacity = ["--Streaming:MaxStreams=64", "--Streaming:MaxStreamsPerUser=64", .. mode == "admit" ? Array.Empty<string>() : ["--Streaming:MaxLagSeconds=3600"],
            "--Models:Disabled:0=tesseract", "--Models:Disabled:1=ppocr", "--Models:Disabled:2=silero-vad", "--Models:Disabled:3=vader"];
        if (mode == "admit")
        {
            await using var admitServer = await StreamsServerProcess.StartAsync([.. capacity, .. settings]);
            await AdmitAsync(admitServer, audio, settings);
            return;
        }
        if (mode == "cold")
        {
            await ColdAsync(audio, [.. capacity, .. settings]);
            return;
        }

        Summary summary;
        // Decoders created on demand here, so that memory per added stream includes its decoder.
        await using (var server = await StreamsServerProcess.StartAsync([.. capacity, "--Streaming:WarmDecoders=0", .. settings]))
            summary = await CapacityAsync(server, audio, talk, mode == "levels" ? levels : null);
        if (mode == "summary")
            summary = summary with { Cold = await ColdAsync(audio, [.. capacity, .. settings]) };
        Console.WriteLine();
        Console.WriteLine(summary.ToString());
    }

    private sealed record Summary(double CpuRatio, double ServerCpu, double BatchCpu, double ClientCpu, double? MbPerStream, int KeptUp, double? Cold)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"summary: server CPU per streamed audio second {ServerCpu:F3} s = {CpuRatio:F2}x batch {BatchCpu:F3} s (goal <= {CpuGoal:F1}x; client {ClientCpu:F3} s apart); "
            + $"memory per added speaking stream {(MbPerStream is { } mb ? $"{mb:F0} MB" : "not measured")} (goal <= {MemoryGoalMb:F0} MB); "
            + $"{ColdStreams} streams from a cold server partial p95 {(Cold is { } c ? $"{c:F0} ms" : "not run")} (goal <= {ColdP95GoalMs:F0} ms); largest N that kept up: {KeptUp}");
    }

    /// <summary>CPU of one stream against batch, then the levels (or "find"): latency, memory per added stream, decoders.</summary>
    private static async Task<Summary> CapacityAsync(StreamsServerProcess server, short[] audio, double talk, int[]? levels)
    {
        var find = levels is null;
        var streamAudio = Conversation(audio, talk);
        await RunLevelAsync(server, audio[..(16000 * 3)], 1); // warm-up: loads the stream pool's first decoder, JIT
        var audioSeconds = audio.Length / 16000.0;
        using var bench = Process.GetCurrentProcess();
        // The idle server (Hangfire polling, timers) costs CPU too; it is measured over the same time and taken off.
        var serverBefore = server.CpuSeconds();
        await Task.Delay(TimeSpan.FromSeconds(audioSeconds));
        var idle = (server.CpuSeconds() - serverBefore) / audioSeconds;
        bench.Refresh();
        var clientBefore = bench.TotalProcessorTime;
        serverBefore = server.CpuSeconds();
        var (_, onePeak) = await RunLevelAsync(server, audio, 1);
        var serverCpu = (server.CpuSeconds() - serverBefore) / audioSeconds - idle;
        bench.Refresh();
        var clientCpu = (bench.TotalProcessorTime - clientBefore).TotalSeconds / audioSeconds;
        // Baseline: the same audio decoded in one batch call by the streams' recogniser (same decoder settings, no partials, no WebSocket).
        var batchCpu = await server.BatchCpuSecondsAsync(audio) / audioSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"one stream: server CPU per second of streamed audio {serverCpu:F3} s (idle server {idle:F3} s taken off), "
            + $"batch TranscribeAsync of the same audio {batchCpu:F3} s: {serverCpu / batchCpu:F2}x batch; bench client {clientCpu:F3} s; peak server RSS {onePeak / 1e6:F0} MB"));

        Console.WriteLine("  N  ok  partial p50/p95 ms  early→late p50 ms  final after eof p95 ms  lag bounded  peak RSS MB  MB/added stream  decoders  load avg");
        var (previousN, previousPeak) = (1, onePeak);
        double? mbPerStream = null;
        var memoryAt = 0;
        var keptUp = 0;
        var failedAt = int.MaxValue;
        int? Next() => find
            ? keptUp == 0 && failedAt == int.MaxValue ? 2 : failedAt == int.MaxValue ? previousN * 2 : failedAt - keptUp > 1 ? (keptUp + failedAt) / 2 : null
            : levels!.Where(l => l > previousN).Cast<int?>().FirstOrDefault();
        while (Next() is { } n)
        {
            var (runs, peak) = await RunLevelAsync(server, i => Rotate(streamAudio, i * streamAudio.Length / n), n);
            var level = Measure(runs);
            var bounded = level.Ok == n && level.LateP50 < Math.Max(2 * level.EarlyP50, 250) && level.FinalP95 < 1000;
            if (bounded)
                keptUp = Math.Max(keptUp, n);
            else
                failedAt = Math.Min(failedAt, n);
            double? added = n > previousN ? (peak - previousPeak) / 1e6 / (n - previousN) : null;
            if (n > 1 && (mbPerStream is null || n <= ColdStreams))
                (mbPerStream, memoryAt) = ((peak - onePeak) / 1e6 / (n - 1), n); // at 8 streams, or the nearest level run
            Console.WriteLine($"{n,3} {level.Ok,3}  {level.P50,8:F0} / {level.P95,-7:F0}  {level.EarlyP50,7:F0} → {level.LateP50,-7:F0}"
                + $"  {level.FinalP95,14:F0}         {(bounded ? "yes" : "NO"),-5}  {peak / 1e6,10:F0}  {added,12:F1}  {await server.DecodersAsync(),8}  {LoadAverage()}");
            if (n > previousN)
                previousPeak = Math.Max(peak, previousPeak);
            previousN = n;
        }
        if (mbPerStream is { } mb)
            Console.WriteLine($"memory per added speaking stream, 1 → {memoryAt} streams: {mb:F1} MB (goal <= {MemoryGoalMb:F0} MB)");
        Console.WriteLine($"largest N that kept up (all finished, late partials < 2x early, final < 1 s after eof): {keptUp}");
        return new Summary(serverCpu / batchCpu, serverCpu, batchCpu, clientCpu, mbPerStream, keptUp, null);
    }

    /// <summary>
    /// A freshly started server (its warm decoders loaded, no stream run before), then 8 streams started within 1 s of each
    /// other: partial latency over the whole run, the first utterances included. Returns the partial p95 in ms.
    /// </summary>
    private static async Task<double> ColdAsync(short[] audio, string[] settings)
    {
        var watch = Stopwatch.StartNew();
        await using var server = await StreamsServerProcess.StartAsync(settings);
        var started = watch.Elapsed.TotalSeconds;
        var warm = await server.WarmAsync();
        Console.WriteLine($"cold server: started in {started:F1} s, {warm.Decoders} warm stream decoders ready {watch.Elapsed.TotalSeconds:F1} s after launch, "
            + $"RSS {server.Rss() / 1e6:F0} MB; {ColdStreams} streams started within 1 s");
        var (runs, peak) = await RunLevelAsync(server, i => Rotate(audio, i * audio.Length / ColdStreams), ColdStreams);
        var level = Measure(runs);
        var first = runs.SelectMany(r => PartialLatencies(r).Take(32)).ToList(); // each stream's first 2 s
        Console.WriteLine($"cold {ColdStreams}: {level.Ok}/{ColdStreams} finished, partial p50/p95 {level.P50:F0} / {level.P95:F0} ms (goal p95 <= {ColdP95GoalMs:F0}), "
            + $"first 2 s of each stream p50/p95 {Stats.Median(first):F0} / {Stats.Percentile(first, 0.95):F0} ms, final after eof p95 {level.FinalP95:F0} ms, "
            + $"peak RSS {peak / 1e6:F0} MB, decoders {await server.DecodersAsync()}, load average {LoadAverage()}");
        return level.P95;
    }

    private sealed record Level(int Ok, double P50, double P95, double EarlyP50, double LateP50, double FinalP95);

    private static Level Measure(IReadOnlyList<StreamRun> runs)
    {
        var latencies = runs.SelectMany(PartialLatencies).ToList();
        var early = runs.SelectMany(r => PartialLatencies(r).Take(PartialLatencies(r).Count / 4)).ToList();
        var late = runs.SelectMany(r => PartialLatencies(r).TakeLast(PartialLatencies(r).Count / 4)).ToList();
        var finals = runs.Where(r => r.EofSentAt is not null && r.Replies.Count > 0).Select(r => (r.Replies[^1].At - r.EofSentAt!.Value).TotalMilliseconds).ToList();
        return new Level(runs.Count(r => r.Succeeded), Stats.Median(latencies), Stats.Percentile(latencies, 0.95), Stats.Median(early), Stats.Median(late),
            Stats.Percentile(finals, 0.95));
    }

    /// <summary>
    /// Admission by lag: a new real-time stream every 2 s until the server refuses one with 1013, then every admitted
    /// stream runs to its end. Reports how many were admitted, why the next was refused, and how the admitted ones fared.
    /// </summary>
    private static async Task AdmitAsync(StreamsServerProcess server, short[] audio, string[] settings)
    {
        Console.WriteLine($"streams admit: a new {audio.Length / 16000.0:F0} s real-time stream every 2 s until one is refused; "
            + $"{Environment.ProcessorCount} cores, settings: {(settings.Length == 0 ? "defaults (MaxLagSeconds 1)" : string.Join(' ', settings))}, load average before: {LoadAverage()}");
        await RunLevelAsync(server, audio[..(16000 * 3)], 1); // warm-up: loads the stream pool's first decoder
        async Task<StreamRun> OneAsync(short[] samples)
        {
            using var socket = await VoskStreamClient.ConnectAsync(server.Url, server.Token, null, CancellationToken.None);
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

    private static Task<(List<StreamRun> Runs, long PeakRss)> RunLevelAsync(StreamsServerProcess server, short[] audio, int n) =>
        RunLevelAsync(server, _ => audio, n);

    /// <summary>N streams started over 1 s; returns their runs and the server's peak resident memory meanwhile.</summary>
    private static async Task<(List<StreamRun> Runs, long PeakRss)> RunLevelAsync(StreamsServerProcess server, Func<int, short[]> audioOf, int n)
    {
        long peak = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, server.Rss());
                await Task.Delay(100);
            }
        });
        var runs = await Task.WhenAll(Enumerable.Range(0, n).Select(async i =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(i * 1000.0 / n)); // staggered, as independent clients would be
            using var socket = await VoskStreamClient.ConnectAsync(server.Url, server.Token, null, CancellationToken.None);
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

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
