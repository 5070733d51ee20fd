using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Earshot.Engines.SileroVad;
using Earshot.Engines.Speakers;
using Earshot.Sdk.Models;
using Earshot.Testing;

namespace Earshot.Bench;

/// <summary>
/// Voice verification. (1) Voiceprint extraction on one core (the process pinned to CPU 0): wall and CPU seconds per audio
/// second over the LibriSpeech eval clips, split into the front end (decimation, MFCC, CMN, VAD) and the whole
/// extraction; baseline in the same run: Silero VAD over the same audio, the other model a verification request runs.
/// (2) The real server on loopback: p50/p95 of POST /v1/voices/{id}/verify on a 5 s upload stream, sequential
/// requests; baseline in the same run: GET /v1/voices (auth, routing, one query, no audio). Option: [requests, default 40].
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class VoicesBench
{
    public static async Task RunAsync(string[] args)
    {
        var requests = args.Length > 0 ? int.Parse(args[0]) : 40;
        var samples = SpeechManifest.Load().Where(s => s.Dataset.StartsWith("LibriSpeech", StringComparison.Ordinal)).ToList();
        var audio = await EvalAudio.LoadAsync(samples);
        var seconds = audio.Sum(a => a.DurationSeconds);
        Console.WriteLine($"voices: {audio.Count} LibriSpeech clips, {seconds:F1} s of audio; {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg")[..14]}");

        using (var self = Process.GetCurrentProcess())
        {
            var affinity = self.ProcessorAffinity;
            self.ProcessorAffinity = 1;
            try
            {
                var model = SpeakerModel.Load(Path.Combine(RepositoryPaths.Models, SpeakerModel.FolderName));
                using var vad = new SileroVoiceActivityDetector(new SileroVadOptions
                {
                    ModelPath = Path.Combine(RepositoryPaths.Models, "silero-vad", "weights", "silero_vad.onnx"),
                });
                foreach (var a in audio.Take(2))
                {
                    model.Embed(a);
                    vad.DetectSpeech(a, CancellationToken.None);
                }
                var (frontEnd, frontEndCpu) = Time(self, audio, a => model.SpeechFeatures(a, out _));
                var (extraction, extractionCpu) = Time(self, audio, a => model.Embed(a));
                var (silero, sileroCpu) = Time(self, audio, a => vad.DetectSpeech(a, CancellationToken.None));
                // wall time counts the other processes sharing CPU 0 too; the process's CPU time does not
                Console.WriteLine("one core (affinity CPU 0), best of 3 passes, s per audio s:   wall     CPU");
                Console.WriteLine($"  voiceprint extraction                              {extraction / seconds:F4}  {extractionCpu / seconds:F4}  ({extraction / silero:F2}x Silero VAD, wall)");
                Console.WriteLine($"    of which front end                               {frontEnd / seconds:F4}  {frontEndCpu / seconds:F4}");
                Console.WriteLine($"  baseline: Silero VAD                               {silero / seconds:F4}  {sileroCpu / seconds:F4}");
            }
            finally
            {
                self.ProcessorAffinity = affinity;
            }
        }

        await using var server = await BenchServer.StartAsync("--Models:Disabled:0=tesseract", "--Models:Disabled:1=ppocr");
        using var http = await server.CreateUserClientAsync();
        var five = audio.First(a => a.DurationSeconds >= 5).Slice(0, 5);
        var pcm = new byte[five.Samples.Length * 2];
        Buffer.BlockCopy(five.Samples, 0, pcm, 0, pcm.Length);
        var stream = (await (await http.PostAsync("/v1/streams", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("uuid").GetGuid();
        (await http.PostAsync($"/v1/streams/{stream}", new ByteArrayContent(pcm))).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync("/v1/voices", new { external_id = "bench", streams = new[] { stream } })).EnsureSuccessStatusCode();

        var verify = await Latencies(requests, () => http.PostAsJsonAsync("/v1/voices/bench/verify", new { streams = new[] { stream } }));
        var list = await Latencies(requests, () => http.GetAsync("/v1/voices"));
        Console.WriteLine($"server, {requests} sequential requests each, ms (p50 / p95):");
        Console.WriteLine($"  verify, 5 s stream        {Stats.Median(verify),6:F1} / {Stats.Percentile(verify, 0.95),6:F1}");
        Console.WriteLine($"  baseline: GET /v1/voices  {Stats.Median(list),6:F1} / {Stats.Percentile(list, 0.95),6:F1}");
    }

    private static (double Wall, double Cpu) Time(Process self, List<AudioBuffer> audio, Action<AudioBuffer> work)
    {
        var best = (Wall: double.MaxValue, Cpu: double.MaxValue);
        for (var pass = 0; pass < 3; pass++)
        {
            self.Refresh();
            var cpu = self.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            foreach (var a in audio)
                work(a);
            var wall = watch.Elapsed.TotalSeconds;
            self.Refresh();
            best = (Math.Min(best.Wall, wall), Math.Min(best.Cpu, (self.TotalProcessorTime - cpu).TotalSeconds));
        }
        return best;
    }

    private static async Task<List<double>> Latencies(int count, Func<Task<HttpResponseMessage>> request)
    {
        (await request()).EnsureSuccessStatusCode();
        var result = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await request();
            response.EnsureSuccessStatusCode();
            result.Add(watch.Elapsed.TotalMilliseconds);
        }
        return result;
    }
}
