using System.Globalization;
using System.Net.WebSockets;
using Earshot.Audio;
using Earshot.Server.Streaming;

namespace Earshot.Server.Cli;

/// <summary>
/// `earshot stream FILE [--url ws://…/v1/stream] [--token T | --api-key K] [--realtime] [--frames 1000]`: decodes any audio
/// with ffmpeg, streams it to the server, prints partials (stderr) and results (stdout); non-zero exit when rejected.
/// </summary>
internal static class StreamCommand
{
    public const string Usage = "usage: earshot stream FILE [--url ws://127.0.0.1:8080/v1/stream] [--token T | --api-key K] [--realtime] [--frames 1000]";

    public static async Task<int> RunAsync(string[] args)
    {
        string? file = null, token = Environment.GetEnvironmentVariable("EARSHOT_TOKEN"), apiKey = Environment.GetEnvironmentVariable("EARSHOT_API_KEY");
        var url = "ws://127.0.0.1:8080/v1/stream";
        var frames = 1000;
        var realtime = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--url": url = Next(); break;
                    case "--token": token = Next(); break;
                    case "--api-key": apiKey = Next(); break;
                    case "--frames": frames = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--realtime": realtime = true; break;
                    case var a when !a.StartsWith('-') && file is null: file = a; break;
                    default: throw new ArgumentException($"unknown option '{args[i]}'");
                }
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException)
            {
                Console.Error.WriteLine($"earshot stream: {ex.Message}\n{Usage}");
                return 2;
            }
        }
        if (file is null || !File.Exists(file) || frames < 1)
        {
            Console.Error.WriteLine(file is null ? Usage : $"earshot stream: '{file}' not found (or --frames < 1).");
            return 2;
        }

        short[] samples;
        var wav = Path.Combine(Path.GetTempPath(), $"earshot-stream-{Guid.NewGuid():N}.wav");
        try
        {
            await new Ffmpeg().ConvertToCanonicalWavAsync(file, wav, CancellationToken.None);
            samples = WavFile.Read(wav).Samples;
        }
        catch (MediaException ex)
        {
            Console.Error.WriteLine($"earshot stream: {ex.Message}");
            return 1;
        }
        finally
        {
            File.Delete(wav);
        }

        ClientWebSocket socket;
        try
        {
            socket = await VoskStreamClient.ConnectAsync(new Uri(url), token, apiKey, CancellationToken.None);
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException or UriFormatException)
        {
            Console.Error.WriteLine($"earshot stream: connection refused: {ex.Message}");
            return 1;
        }
        using (socket)
        {
            var lastPartial = "";
            var run = await VoskStreamClient.RunAsync(socket, samples, frames, realtime, reply =>
            {
                if (reply.IsPartial && reply.Text != lastPartial && reply.Text.Length > 0)
                    Console.Error.WriteLine($"partial: {lastPartial = reply.Text}");
                else if (!reply.IsPartial && reply.Text.Length > 0)
                    Console.WriteLine($"result: {reply.Text}");
            }, CancellationToken.None);
            if (!run.Succeeded)
            {
                Console.Error.WriteLine($"earshot stream: rejected ({(int?)run.CloseStatus}): {run.CloseReason}");
                return 1;
            }
            Console.WriteLine($"transcript: {run.Transcript}");
            if (run.Replies[^1].Message.TryGetProperty("file_id", out var id))
                Console.WriteLine($"recording: file {id} job {run.Replies[^1].Message.GetProperty("job_id")}");
            return 0;
        }
    }
}
