using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Threading.Channels;
using Earshot.Audio;
using Earshot.Engines.PocketSphinx;
using Earshot.Sdk.Models;
using Earshot.Server.Streaming;
using Microsoft.Extensions.DependencyInjection;

namespace Earshot.Bench;

/// <summary>
/// The streams bench's server, in a process of its own (this program run as "streams-server"), so that the server's CPU
/// time and resident memory are measured apart from the bench clients'. It answers one-line commands on stdin:
/// "warm" (waits for the warm stream decoders), "decoders" (stream decoders created so far), "batch WAV" (CPU seconds of one batch decode of the file by the streams'
/// recogniser, measured inside the server process). Lines it writes for the bench start with "@".
/// </summary>
internal sealed class StreamsServerProcess : IAsyncDisposable
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    private readonly Process _process;
    private readonly Channel<string> _replies;

    private StreamsServerProcess(Process process, Channel<string> replies, Uri url, string token)
    {
        _process = process;
        _replies = replies;
        Url = url;
        Token = token;
    }

    /// <summary>ws://…/v1/stream of the server.</summary>
    public Uri Url { get; }

    /// <summary>A bench user's bearer token.</summary>
    public string Token { get; }

    public static async Task<StreamsServerProcess> StartAsync(IEnumerable<string> settings)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        start.ArgumentList.Add("streams-server");
        foreach (var setting in settings)
            start.ArgumentList.Add(setting);
        var process = Process.Start(start)!;
        // Read everything the server prints, always: a full pipe would stall it. Its log lines go on to the bench's stderr.
        var replies = Channel.CreateUnbounded<string>();
        _ = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line.StartsWith('@'))
                    replies.Writer.TryWrite(line);
                else
                    await Console.Error.WriteLineAsync(line);
            }
            replies.Writer.TryComplete();
        });
        var ready = await ReadReplyAsync(replies, "ready");
        return new StreamsServerProcess(process, replies, new Uri(ready[0]), ready[1]);
    }

    /// <summary>User plus system CPU time of the server process so far.</summary>
    public double CpuSeconds()
    {
        // /proc/PID/stat: fields 14 and 15 (utime, stime) after the ")" that ends the command name.
        var fields = File.ReadAllText($"/proc/{_process.Id}/stat").Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>Resident memory of the server process in bytes.</summary>
    public long Rss()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Waits until the server's warm stream decoders (Streaming:WarmDecoders) are loaded.</summary>
    public async Task<(int Decoders, double Seconds)> WarmAsync()
    {
        var reply = await AskAsync("warm");
        return (int.Parse(reply[0], CultureInfo.InvariantCulture), double.Parse(reply[1], CultureInfo.InvariantCulture));
    }

    public async Task<int> DecodersAsync() => int.Parse((await AskAsync("decoders"))[0], CultureInfo.InvariantCulture);

    /// <summary>CPU seconds of one batch decode of <paramref name="audio"/> by the streams' recogniser, inside the server process.</summary>
    public async Task<double> BatchCpuSecondsAsync(short[] audio)
    {
        var wav = Path.Combine(Path.GetTempPath(), $"earshot-bench-{Guid.NewGuid():N}.wav");
        WavFile.Write(wav, new AudioBuffer(audio));
        try
        {
            return double.Parse((await AskAsync($"batch {wav}"))[0], CultureInfo.InvariantCulture);
        }
        finally
        {
            File.Delete(wav);
        }
    }

    private async Task<string[]> AskAsync(string command)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
        return await ReadReplyAsync(_replies, command.Split(' ')[0]);
    }

    private static async Task<string[]> ReadReplyAsync(Channel<string> replies, string name)
    {
        await foreach (var line in replies.Reader.ReadAllAsync())
        {
            var parts = line.Split(' ');
            if (parts[0] == "@" + name)
                return parts[1..];
        }
        throw new InvalidOperationException($"The bench server exited before answering '{name}'.");
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close(); // the server stops when its stdin ends
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }
        _process.Dispose();
    }

    /// <summary>The child side: runs the server until stdin ends.</summary>
    public static async Task ServeAsync(string[] settings)
    {
        await using var server = await BenchServer.StartAsync(settings);
        using var http = await server.CreateUserClientAsync();
        var url = new Uri(new Uri(server.BaseAddress.ToString().Replace("http", "ws", StringComparison.Ordinal)), "v1/stream");
        Console.WriteLine($"@ready {url} {http.DefaultRequestHeaders.Authorization!.Parameter}");
        var recognizers = server.Services.GetRequiredService<StreamRecognizers>();
        while (await Console.In.ReadLineAsync() is { } command)
        {
            var streaming = (PocketSphinxRecognizer)recognizers.Find("pocketsphinx")!;
            if (command == "warm")
            {
                var watch = Stopwatch.StartNew();
                var warm = await recognizers.Warm;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"@warm {warm} {watch.Elapsed.TotalSeconds}"));
            }
            else if (command == "decoders")
                Console.WriteLine($"@decoders {streaming.DecoderLoadTimes.Count}");
            else if (command.StartsWith("batch ", StringComparison.Ordinal))
            {
                var audio = WavFile.Read(command["batch ".Length..]);
                using var self = Process.GetCurrentProcess();
                var before = self.TotalProcessorTime;
                await streaming.TranscribeAsync(audio, new TranscribeOptions(), CancellationToken.None);
                self.Refresh();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"@batch {(self.TotalProcessorTime - before).TotalSeconds}"));
            }
        }
    }
}

