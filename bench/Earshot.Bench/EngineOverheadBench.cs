using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Earshot.Audio;
using Earshot.Sdk.Models;
using Earshot.Server.Models;
using Earshot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Earshot.Bench;

/// <summary>
/// Platform overhead: the same engine on the same inputs, called in-process versus through the HTTP API
/// (task submit → long-poll GET /v1/jobs/{id}?wait → result; the file is already uploaded). Goal: API ≤ 1.10 × in-process.
/// Then memory: peak resident memory while 1 versus 8 ASR jobs run at once (models must not multiply).
/// </summary>
internal static class EngineOverheadBench
{
    private static readonly string[] Speech = ["librispeech/3752-4944-0000.flac", "ljspeech/LJ001-0001.wav", "jfk/jfk.wav"];
    private static readonly string[] Pages = ["tesseract-test/phototest.tif", "tesseract-test/eurotext.tif", "textract/eas_test.jpg"];

    public static async Task RunAsync(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0]) : 3;
        // One user runs every job here (8 at once for the memory figure): lift the per-user limits.
        await using var server = await BenchServer.StartAsync("--Jobs:MaxQueuedPerUser=1000000", "--Jobs:MaxRunningPerUser=256");
        using var client = await server.CreateUserClientAsync();
        var registry = server.Services.GetRequiredService<ModelRegistry>();
        var asr = registry.Find<ISpeechRecognizer>("pocketsphinx")!;
        var ocr = registry.Find<IImageTextRecognizer>("tesseract")!;

        var audioIds = new List<string>();
        var audio = new List<AudioBuffer>();
        var temp = Directory.CreateTempSubdirectory("earshot-bench-engines-").FullName;
        foreach (var sample in Speech)
        {
            audioIds.Add(await UploadAsync(client, "/v1/audio/upload", RepositoryPaths.Speech(sample)));
            var wav = Path.Combine(temp, "x.wav");
            await new Ffmpeg().ConvertToCanonicalWavAsync(RepositoryPaths.Speech(sample), wav, CancellationToken.None);
            audio.Add(WavFile.Read(wav));
        }
        var imageIds = new List<string>();
        foreach (var page in Pages)
            imageIds.Add(await UploadAsync(client, "/v1/image/upload", Path.Combine(RepositoryPaths.OcrDir, page)));

        // Warm-up both paths once.
        await asr.TranscribeAsync(audio[0], new TranscribeOptions(), CancellationToken.None);
        await RunTaskAsync(client, "/v1/audio/process/task", new { audio_file = audioIds[0], audio_model = "pocketsphinx" });

        double asrDirect = 0, asrApi = 0, ocrDirect = 0, ocrApi = 0;
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < Speech.Length; i++)
            {
                var sw = Stopwatch.StartNew();
                await asr.TranscribeAsync(audio[i], new TranscribeOptions(), CancellationToken.None);
                asrDirect += sw.Elapsed.TotalSeconds;
                sw.Restart();
                await RunTaskAsync(client, "/v1/audio/process/task", new { audio_file = audioIds[i], audio_model = "pocketsphinx" });
                asrApi += sw.Elapsed.TotalSeconds;
            }
            for (var i = 0; i < Pages.Length; i++)
            {
                var sw = Stopwatch.StartNew();
                await ocr.RecognizeAsync(Path.Combine(RepositoryPaths.OcrDir, Pages[i]), CancellationToken.None);
                ocrDirect += sw.Elapsed.TotalSeconds;
                sw.Restart();
                await RunTaskAsync(client, "/v1/image/process/task", new { image_file = imageIds[i], image_model = "tesseract" });
                ocrApi += sw.Elapsed.TotalSeconds;
            }
        }
        Console.WriteLine($"engines: {rounds} rounds over {Speech.Length} recordings and {Pages.Length} pages, load average {LoadAverage()}");
        Console.WriteLine($"ASR pocketsphinx  in-process {asrDirect:F2} s   API {asrApi:F2} s   ratio {asrApi / asrDirect:F3}   goal ≤ 1.10");
        Console.WriteLine($"OCR tesseract     in-process {ocrDirect:F2} s   API {ocrApi:F2} s   ratio {ocrApi / ocrDirect:F3}   goal ≤ 1.10");

        var one = await PeakMemoryAsync(() => RunTaskAsync(client, "/v1/audio/process/task", new { audio_file = audioIds[2], audio_model = "pocketsphinx" }));
        var eight = await PeakMemoryAsync(() => Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            RunTaskAsync(client, "/v1/audio/process/task", new { audio_file = audioIds[i % audioIds.Count], audio_model = "pocketsphinx" }))));
        Console.WriteLine($"memory            peak RSS with 1 ASR job {one / 1e6:F0} MB, with 8 concurrent {eight / 1e6:F0} MB, ratio {eight / (double)one:F2}");
        Directory.Delete(temp, recursive: true);
    }

    private static async Task<string> UploadAsync(HttpClient client, string route, string path)
    {
        using var content = new MultipartFormDataContent { { new ByteArrayContent(File.ReadAllBytes(path)) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } }, "upload_file", Path.GetFileName(path) } };
        var response = await client.PostAsync(route, content);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("file_id").GetString()!;
    }

    private static async Task RunTaskAsync(HttpClient client, string route, object body)
    {
        var response = await client.PostAsJsonAsync(route, body);
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("task_id").GetString();
        JsonElement job;
        do
            job = await client.GetFromJsonAsync<JsonElement>($"/v1/jobs/{id}?wait=60");
        while (job.GetProperty("status").GetString() is "queued" or "running");
        if (job.GetProperty("status").GetString() != "succeeded")
            throw new InvalidOperationException($"task {id}: {job}");
        (await client.GetAsync($"/v1/task/result?task_id={id}")).EnsureSuccessStatusCode();
    }

    private static async Task<long> PeakMemoryAsync(Func<Task> work)
    {
        GC.Collect();
        long peak = 0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var self = Process.GetCurrentProcess();
                peak = Math.Max(peak, self.WorkingSet64);
                await Task.Delay(20);
            }
        });
        await work();
        await stop.CancelAsync();
        await sampler;
        return peak;
    }

    internal static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
