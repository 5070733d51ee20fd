using System.Diagnostics;
using Earshot.Engines.PocketSphinx;
using Earshot.Engines.Reading;
using Earshot.Sdk.Models;
using Earshot.Testing;

namespace Earshot.Bench;

/// <summary>
/// What one reading assessment costs with each phone loop: the server's default method (`classifier`) assessing each
/// eval recording against its transcript, one request at a time with fresh audio (nothing cached between requests, as in
/// the server), timed in wall and process CPU seconds per audio second; and the phone-loop decode alone. Baseline in the
/// same run: the library's loop of triphones. Options: [--limit N] (first N recordings); [--pages 1,3,5] [--seeds 42,7] [--no-baseline | --baseline-file PATH] measures
/// whole pages instead (<see cref="ReadingPageBench"/>).
/// </summary>
internal static class ReadingBench
{
    public static async Task RunAsync(string[] args)
    {
        if (args.SkipWhile(a => a != "--pages").Skip(1).FirstOrDefault() is { } pages)
        {
            var seeds = args.SkipWhile(a => a != "--seeds").Skip(1).FirstOrDefault() ?? "42";
            await ReadingPageBench.RunAsync([.. pages.Split(',').Select(m => double.Parse(m, System.Globalization.CultureInfo.InvariantCulture))],
                [.. seeds.Split(',').Select(int.Parse)], baseline: !args.Contains("--no-baseline"),
                baselineFile: args.SkipWhile(a => a != "--baseline-file").Skip(1).FirstOrDefault());
            return;
        }
        var limit = args.SkipWhile(a => a != "--limit").Skip(1).Select(int.Parse).FirstOrDefault(int.MaxValue);
        var samples = SpeechManifest.Load().Take(limit).ToList();
        var audio = await EvalAudio.LoadAsync(samples);
        var audioSeconds = audio.Sum(a => a.DurationSeconds);
        using var sphinx = new PocketSphinxRecognizer(new PocketSphinxOptions());
        var shipped = new ClassifiedReadingRecognizer(new JointReadingRecognizer(sphinx));
        // load every decoder of both pools before timing
        await shipped.EvidenceAsync(Fresh(audio[0]), samples[0].Transcript, CancellationToken.None);

        Console.WriteLine($"reading: {samples.Count} eval recordings, {audioSeconds:F0} s of audio, {Environment.ProcessorCount} cores, load average {EngineOverheadBench.LoadAverage()}");
        Console.WriteLine($"{"phone loop",-24} {"loop wall/s",11} {"request wall/s",14} {"request CPU/s",13} {"ratio",6}  load avg");
        double? baseline = null;
        foreach (var (name, loop) in new[] { ("triphones (baseline)", PhoneLoop.Triphones), ("context-independent", new PhoneLoop(ContextIndependent: true)) })
        {
            var loopWall = 0.0;
            foreach (var a in audio)
            {
                var sw = Stopwatch.StartNew();
                await sphinx.DecodePhonesAsync(Fresh(a), loop, CancellationToken.None);
                loopWall += sw.Elapsed.TotalSeconds;
            }
            using var self = Process.GetCurrentProcess();
            var cpuBefore = self.TotalProcessorTime;
            var requestWall = 0.0;
            for (var i = 0; i < audio.Count; i++)
            {
                var sw = Stopwatch.StartNew();
                await shipped.WithPhoneLoop(loop).HearAsync(Fresh(audio[i]), samples[i].Transcript, CancellationToken.None);
                requestWall += sw.Elapsed.TotalSeconds;
            }
            self.Refresh();
            var cpu = (self.TotalProcessorTime - cpuBefore).TotalSeconds;
            baseline ??= requestWall;
            Console.WriteLine($"{name,-24} {loopWall / audioSeconds,11:F3} {requestWall / audioSeconds,14:F3} {cpu / audioSeconds,13:F3} {requestWall / baseline,6:F2}  {EngineOverheadBench.LoadAverage()}");
        }
    }

    /// <summary>A copy, so that no decode cached for the original is reused.</summary>
    private static AudioBuffer Fresh(AudioBuffer audio) => new([.. audio.Samples], audio.SampleRate);
}
