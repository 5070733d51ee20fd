using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Earshot.Audio;
using Earshot.Testing;

namespace Earshot.Bench;

/// <summary>
/// Upload and download of a ~10 MB recording over loopback, against copying the same file with `cp` in the same run.
/// Upload includes what makes it safe: ffprobe validation and the canonical 16 kHz conversion.
/// </summary>
internal static class FileThroughputBench
{
    public static async Task RunAsync(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0]) : 5;
        var work = Directory.CreateTempSubdirectory("earshot-bench-files-").FullName;
        var input = await MakeTenMegabyteWavAsync(work);
        var megabytes = new FileInfo(input).Length / 1e6;

        await using var server = await BenchServer.StartAsync();
        using var client = await server.CreateUserClientAsync();

        var cp = new List<double>();
        var upload = new List<double>();
        var download = new List<double>();
        for (var round = 0; round < rounds + 1; round++)
        {
            var copyTarget = Path.Combine(work, "copy.wav");
            var sw = Stopwatch.StartNew();
            var copy = await ProcessRunner.RunAsync("cp", [input, copyTarget], CancellationToken.None);
            var cpSeconds = sw.Elapsed.TotalSeconds;
            if (copy.ExitCode != 0)
                throw new InvalidOperationException(copy.StandardError);
            File.Delete(copyTarget);

            sw.Restart();
            await using var stream = File.OpenRead(input);
            using var content = new MultipartFormDataContent { { new StreamContent(stream) { Headers = { ContentType = new MediaTypeHeaderValue("audio/wav") } }, "upload_file", "long.wav" } };
            var response = await client.PostAsync("/v1/audio/upload", content);
            response.EnsureSuccessStatusCode();
            var uploadSeconds = sw.Elapsed.TotalSeconds;
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("file_id").GetString();

            sw.Restart();
            await using (var body = await client.GetStreamAsync($"/v1/audio/download?file={id}"))
                await body.CopyToAsync(Stream.Null);
            var downloadSeconds = sw.Elapsed.TotalSeconds;

            if (round == 0)
                continue; // warm-up: JIT, first connection, page cache
            cp.Add(megabytes / cpSeconds);
            upload.Add(megabytes / uploadSeconds);
            download.Add(megabytes / downloadSeconds);
        }

        Console.WriteLine($"file: {megabytes:F1} MB WAV, {rounds} rounds after one warm-up, medians");
        Console.WriteLine($"cp (baseline)     {Stats.Median(cp),9:F1} MB/s");
        Console.WriteLine($"upload            {Stats.Median(upload),9:F1} MB/s   ratio to cp {Stats.Median(upload) / Stats.Median(cp):F3}  (includes ffprobe + 16 kHz conversion)");
        Console.WriteLine($"download          {Stats.Median(download),9:F1} MB/s   ratio to cp {Stats.Median(download) / Stats.Median(cp):F3}");
        Directory.Delete(work, recursive: true);
    }

    /// <summary>Concatenates eval recordings into a 44.1 kHz stereo WAV of about 10 MB (about a minute).</summary>
    private static async Task<string> MakeTenMegabyteWavAsync(string work)
    {
        var list = Path.Combine(work, "list.txt");
        var sources = SpeechManifest.Load().Select(s => s.FullPath).Take(12);
        await File.WriteAllLinesAsync(list, sources.Select(p => $"file '{p}'"));
        var output = Path.Combine(work, "input.wav");
        var result = await ProcessRunner.RunAsync("ffmpeg", ["-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", list,
            "-ar", "44100", "-ac", "2", "-t", "59.4", "-c:a", "pcm_s16le", output], CancellationToken.None);
        if (result.ExitCode != 0)
            throw new InvalidOperationException(result.StandardError);
        return output;
    }
}
