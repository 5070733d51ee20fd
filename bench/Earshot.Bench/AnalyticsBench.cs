using System.Diagnostics;
using Earshot.Audio;
using Earshot.Engines.Analytics;
using Earshot.Engines.SileroVad;
using Earshot.Server.Analytics;
using Earshot.Server.Files;
using Earshot.Server.Infrastructure;
using Earshot.Server.Jobs;
using Earshot.Server.Models;
using Earshot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Earshot.Bench;

/// <summary>
/// Audio analytics (docs/audio-analytics.md). Speed: all four models on one core, wall seconds per audio second of one
/// channel (goal ≤ 0.05), against ffmpeg decoding the same audio alone. Memory: the audio.analytics pipeline on a short
/// and a long stereo recording (default 6 and 60 minutes); peak resident memory should not grow with the length.
/// Usage: analytics [long-minutes] [speed-seconds].
/// </summary>
internal static class AnalyticsBench
{
    public static async Task RunAsync(string[] args)
    {
        var longMinutes = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 60;
        var speedSeconds = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 120;
        await using var server = await BenchServer.StartAsync("--Analytics:MaxResultBytes=1000000000");
        var temp = Directory.CreateTempSubdirectory("earshot-bench-analytics-").FullName;
        try
        {
            var pattern = await MakePatternAsync(temp);
            var vad = server.Services.GetRequiredService<ModelRegistry>().OfType<SileroVoiceActivityDetector>().First();
            var models = server.Services.GetRequiredService<AnalyticsModelSet>();
            if (OperatingSystem.IsLinux())
                await SpeedAsync(pattern, temp, speedSeconds, vad, models, server.Services.GetRequiredService<Earshot.Server.Voices.SpeakerModels>().Model);
            await MemoryAsync(server, pattern, temp, [longMinutes / 10, longMinutes]);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static async Task SpeedAsync(string pattern, string temp, double seconds, SileroVoiceActivityDetector vad, AnalyticsModelSet models,
        Earshot.Engines.Speakers.SpeakerModel? speakers)
    {
        var mono = Path.Combine(temp, "speed.wav");
        await FfmpegAsync("-stream_loop", "-1", "-i", pattern, "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "-ac", "1", "-c:a", "pcm_s16le", mono);
        // Speech alone, where turns are long: what gender's one x-vector per segment saves shows here.
        var speech = Path.Combine(temp, "speech.wav");
        await FfmpegAsync("-stream_loop", "-1", "-i", RepositoryPaths.Speech("jfk/jfk.wav"), "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-ac", "1", "-ar", "16000", "-c:a", "pcm_s16le", speech);
        var process = Process.GetCurrentProcess();
        var affinity = process.ProcessorAffinity;
        process.ProcessorAffinity = 1; // one core, ffmpeg included (children inherit it)
        try
        {
            var settings = new AnalyticsSettings(AnalyticsModelSet.Names, 1024, true, true, true, 0.001);
            var withoutGender = settings with { Models = [.. AnalyticsModelSet.Names.Where(m => m != AnalyticsModelSet.Gender)] };
            await AnalyseAsync(pattern, vad, models, settings, speakers); // warm-up: JIT tiers, ONNX Runtime's first runs
            // Each variant twice, interleaved, and the faster run of each kept: the shared machine's load comes and goes.
            var runs = new List<(double Wall, double Cpu, long Result)[]>();
            for (var round = 0; round < 2; round++)
            {
                runs.Add([
                    await Timed(() => ChannelPcmReader.ReadAsync(mono, 1, long.MaxValue, (_, _) => { }, CancellationToken.None)),
                    await Timed(async () => (long)await AnalyseAsync(mono, vad, models, withoutGender, null)),
                    await Timed(async () => (long)await AnalyseAsync(mono, vad, models, settings, speakers)),
                    await Timed(async () => (long)await AnalysePerStepAsync(mono, vad, models, withoutGender, speakers!)),
                    await Timed(async () => (long)await AnalyseAsync(speech, vad, models, settings, speakers)),
                    await Timed(async () => (long)await AnalysePerStepAsync(speech, vad, models, withoutGender, speakers!)),
                ]);
            }
            (double, double, long) Best(int i) => (runs.Min(r => r[i].Wall), runs.Min(r => r[i].Cpu), runs[0][i].Result);
            var (decodeWall, decodeCpu, samples) = Best(0);
            var (threeWall, threeCpu, _) = Best(1);
            var (fullWall, fullCpu, steps) = Best(2);
            var (perStepWall, perStepCpu, _) = Best(3);
            var (speechWall, speechCpu, _) = Best(4);
            var (speechPerStepWall, speechPerStepCpu, _) = Best(5);

            var audioSeconds = samples / 16000.0;
            string Line(double wall, double cpu) =>
                $"{wall / audioSeconds:F4} s wall, {cpu / audioSeconds:F4} s CPU per audio second ({wall / decodeWall:F1}x the baseline's wall)";
            Console.WriteLine($"speed, one core, {audioSeconds:F0} s mono (speech, music, silence), output_period 1024, best of 2 (CPU = this process and its ffmpeg children):");
            Console.WriteLine($"  ffmpeg decode only (baseline):           {decodeWall / audioSeconds:F4} s wall, {decodeCpu / audioSeconds:F4} s CPU per audio second");
            Console.WriteLine($"  decode + speech, arousal, emotions:      {Line(threeWall, threeCpu)}");
            Console.WriteLine($"  decode + all four models (gender too):   {Line(fullWall, fullCpu)}; {steps} steps; goal ≤ 0.05");
            Console.WriteLine($"  the same with one x-vector per speech step (the former gender): {Line(perStepWall, perStepCpu)}");
            Console.WriteLine($"  speech only (JFK looped), all four models: {Line(speechWall, speechCpu)}");
            Console.WriteLine($"  speech only, one x-vector per speech step (the former gender): {Line(speechPerStepWall, speechPerStepCpu)}");
        }
        finally
        {
            process.ProcessorAffinity = affinity;
        }
    }

    /// <summary>
    /// The cost of the former gender model, which took an x-vector of every speech step's own 1024 ms instead of one per
    /// segment: the three other models, then that x-vector for every step the speech model calls speech.
    /// </summary>
    private static async Task<int> AnalysePerStepAsync(string path, SileroVoiceActivityDetector vad, AnalyticsModelSet models,
        AnalyticsSettings settings, Earshot.Engines.Speakers.SpeakerModel speakers)
    {
        using var analyzer = new ChannelAnalyzer(vad, keepSamples: true);
        var timeline = new ChannelTimeline(models, settings);
        var blocks = new List<BlockFeatures>();
        await ChannelPcmReader.ReadAsync(path, 1, long.MaxValue, (pieces, count) =>
        {
            foreach (var block in analyzer.Accept(pieces[0].AsSpan(0, count)))
            {
                timeline.Add(block);
                blocks.Add(block);
            }
        }, CancellationToken.None);
        var series = timeline.Finish().TimeSeries;
        var steps = 0;
        for (var i = 0; i < series.Count; i++)
        {
            if (series[i].Results[AnalyticsModelSet.Speech].Result != "speech" || (i + 1) * WindowFeatures.MinimumBlocks > blocks.Count)
                continue;
            Voiceprints.Of(speakers, blocks.GetRange(i * WindowFeatures.MinimumBlocks, WindowFeatures.MinimumBlocks));
            steps++;
        }
        return steps;
    }

    /// <summary>Wall and CPU seconds (this process and its waited-for children, from /proc/self/stat) of one run.</summary>
    private static async Task<(double Wall, double Cpu, long Result)> Timed(Func<Task<long>> run)
    {
        var cpu = CpuSeconds();
        var wall = Stopwatch.StartNew();
        var result = await run();
        return (wall.Elapsed.TotalSeconds, CpuSeconds() - cpu, result);
    }

    private static double CpuSeconds()
    {
        // Fields after the command name: state is field 3, utime/stime/cutime/cstime are fields 14–17, in clock ticks (100 Hz).
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return Enumerable.Range(11, 4).Sum(i => long.Parse(fields[i], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>The pipeline's per-channel work on channel 0 of a file, on the calling thread; returns the step count.</summary>
    private static async Task<int> AnalyseAsync(string path, SileroVoiceActivityDetector vad, AnalyticsModelSet models, AnalyticsSettings settings,
        Earshot.Engines.Speakers.SpeakerModel? speakers)
    {
        using var analyzer = new ChannelAnalyzer(vad, keepSamples: speakers is not null);
        var timeline = new ChannelTimeline(models, settings, speakers);
        await ChannelPcmReader.ReadAsync(path, 1, long.MaxValue, (pieces, count) =>
        {
            foreach (var block in analyzer.Accept(pieces[0].AsSpan(0, count)))
                timeline.Add(block);
        }, CancellationToken.None);
        if (analyzer.Flush() is { } last)
            timeline.Add(last);
        return timeline.Finish().TimeSeries.Count;
    }

    private static async Task MemoryAsync(BenchServer server, string pattern, string temp, double[] minutesList)
    {
        Console.WriteLine("memory, audio.analytics pipeline on stereo FLAC, all four models, output_period 1024 (peak = sampled every 100 ms):");
        foreach (var minutes in minutesList)
        {
            var path = Path.Combine(temp, $"long-{minutes}.flac");
            await FfmpegAsync("-stream_loop", "-1", "-i", pattern, "-t", (minutes * 60).ToString(System.Globalization.CultureInfo.InvariantCulture), "-c:a", "flac", path);
            await using var scope = server.Services.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<IFileStore>();
            var owner = Guid.NewGuid();
            var key = $"{owner}/analytics/bench/audio";
            await store.PutAsync(key, path, CancellationToken.None);
            var pipeline = (AudioAnalyticsPipeline)scope.ServiceProvider.GetServices<IJobPipeline>().First(p => p.Kind == AudioAnalyticsPipeline.KindName);

            GC.Collect();
            var before = Process.GetCurrentProcess().WorkingSet64;
            long peak = before;
            using var stop = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    peak = Math.Max(peak, Process.GetCurrentProcess().WorkingSet64);
                    await Task.Delay(100);
                }
            });
            var watch = Stopwatch.StartNew();
            var result = await pipeline.RunAsync(new AudioAnalyticsRequest(UploadKey: key, IncludeSummary: true, IncludeTransitions: true),
                new JobContext(Guid.NewGuid(), owner, AudioAnalyticsPipeline.KindName, scope.ServiceProvider.GetRequiredService<EarshotDb>()), CancellationToken.None);
            watch.Stop();
            await stop.CancelAsync();
            await sampler;
            Console.WriteLine($"  {minutes,5:F1} min stereo: {watch.Elapsed.TotalSeconds,7:F1} s wall ({watch.Elapsed.TotalSeconds / (minutes * 120):F4} per channel-second, {Environment.ProcessorCount} cores), " +
                $"{result.Channels["0"].TimeSeries.Count} steps per channel, resident {before / 1e6:F0} MB before, peak {peak / 1e6:F0} MB (+{(peak - before) / 1e6:F0} MB)");
        }
    }

    /// <summary>8 s stereo: speech left and music right for 6 s, then 2 s of silence.</summary>
    private static async Task<string> MakePatternAsync(string temp)
    {
        var path = Path.Combine(temp, "pattern.wav");
        var music = Path.Combine(RepositoryPaths.Shared, "eval", "nonspeech", "audio", "librosa_Kevin_MacLeod_P_I_Tchaikovsky_Dance_of_the_Sugar_s00.flac");
        await FfmpegAsync("-i", RepositoryPaths.Speech("jfk/jfk.wav"), "-i", music, "-filter_complex",
            "[0:a]aformat=sample_rates=16000:channel_layouts=mono,atrim=0:6,asetpts=N/SR/TB,apad=whole_dur=8[l];" +
            "[1:a]aformat=sample_rates=16000:channel_layouts=mono,atrim=0:6,asetpts=N/SR/TB,apad=whole_dur=8[r];" +
            "[l][r]join=inputs=2:channel_layout=stereo[out]", "-map", "[out]", "-c:a", "pcm_s16le", path);
        return path;
    }

    private static async Task FfmpegAsync(params string[] args)
    {
        var result = await ProcessRunner.RunAsync("ffmpeg", ["-nostdin", "-v", "error", "-y", .. args], CancellationToken.None);
        if (result.ExitCode != 0)
            throw new InvalidOperationException(result.StandardError);
    }
}
