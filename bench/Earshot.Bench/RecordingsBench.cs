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
/// The recordings resource end to end on a long file: a WAV of eval utterances joined to N seconds (default 600) is posted to
/// /v1/recordings and timed until the recording has succeeded; the baseline is the raw PocketSphinx engine transcribing the
/// same audio in one call, in the same run. Shown without keywords (one decoding pass, chunked) and with keywords (plus the
/// acoustic keyphrase-spotting pass). Usage: recordings [seconds] [chunk_seconds] [--no-keywords]. Lines print as they are measured.
/// </summary>
internal static class RecordingsBench
{
    private static readonly string[] Keywords = ["country", "house", "people", "printing", "morning"];

    public static async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 600;
        var chunk = args.Length > 1 ? args[1] : "180";
        var temp = Directory.CreateTempSubdirectory("earshot-bench-recordings-").FullName;
        try
        {
            var wav = Path.Combine(temp, "long.wav");
            await SpeechConcat.BuildWavAsync(SpeechManifest.Load(), seconds, wav);
            var audio = WavFile.Read(wav);
            await using var server = await BenchServer.StartAsync();
            using var client = await server.CreateUserClientAsync();
            var asr = server.Services.GetRequiredService<ModelRegistry>().Find<ISpeechRecognizer>("pocketsphinx")!;
            await asr.TranscribeAsync(audio.Slice(0, 5), new TranscribeOptions(), CancellationToken.None);

            Console.WriteLine($"recordings: {audio.DurationSeconds:F0} s of speech ({new FileInfo(wav).Length / 1e6:F1} MB WAV), chunk {chunk} s, load average {EngineOverheadBench.LoadAverage()}");
            var sw = Stopwatch.StartNew();
            var transcript = await asr.TranscribeAsync(audio, new TranscribeOptions(), CancellationToken.None);
            var raw = sw.Elapsed.TotalSeconds;
            Console.WriteLine($"raw pocketsphinx, one call         {raw,7:F1} s   RTF {raw / audio.DurationSeconds:F3}   {transcript.Words.Count} words   load {EngineOverheadBench.LoadAverage()}");
            var plain = await TimeRecordingAsync(client, wav, chunk, []);
            Console.WriteLine($"POST /v1/recordings, no keywords   {plain.Seconds,7:F1} s   RTF {plain.Seconds / audio.DurationSeconds:F3}   {plain.Words} words   ratio {plain.Seconds / raw:F2}   load {EngineOverheadBench.LoadAverage()}");
            if (args.Contains("--no-keywords"))
                return;
            var withKeywords = await TimeRecordingAsync(client, wav, chunk, Keywords);
            Console.WriteLine($"POST /v1/recordings, {Keywords.Length} keywords    {withKeywords.Seconds,7:F1} s   RTF {withKeywords.Seconds / audio.DurationSeconds:F3}   {withKeywords.Words} words   ratio {withKeywords.Seconds / raw:F2}   ({withKeywords.Hits} hits, transcription + spotting)");
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    private static async Task<(double Seconds, int Words, int Hits)> TimeRecordingAsync(HttpClient client, string wav, string chunk, string[] keywords)
    {
        var sw = Stopwatch.StartNew();
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(File.ReadAllBytes(wav)) { Headers = { ContentType = new MediaTypeHeaderValue("audio/wav") } }, "file", "long.wav" },
            { new StringContent(chunk), "chunk_seconds" },
        };
        foreach (var keyword in keywords)
            form.Add(new StringContent(keyword), "keywords[]");
        var created = await client.PostAsync("/v1/recordings", form);
        created.EnsureSuccessStatusCode();
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        JsonElement job;
        do
            job = await client.GetFromJsonAsync<JsonElement>($"/v1/jobs/{body.GetProperty("job_id")}?wait=60");
        while (job.GetProperty("status").GetString() is "queued" or "running");
        var recording = await client.GetFromJsonAsync<JsonElement>($"/v1/recordings/{body.GetProperty("id")}");
        var elapsed = sw.Elapsed.TotalSeconds;
        if (recording.GetProperty("status").GetString() != "succeeded")
            throw new InvalidOperationException($"recording failed: {recording}");
        var result = recording.GetProperty("result");
        return (elapsed, result.GetProperty("words").GetArrayLength(), result.GetProperty("keyword_hits").GetArrayLength());
    }
}
