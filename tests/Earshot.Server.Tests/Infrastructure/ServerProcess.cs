using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Earshot.Server.Tests.Infrastructure;

/// <summary>The real `earshot serve` (or `earshot worker`) executable, serve on a free loopback port, as a user would run it.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
                return string.Join('\n', _output);
        }
    }

    public static Task<ServerProcess> StartAsync(string dataDirectory, params string[] extraArgs) =>
        StartAsync(dataDirectory, new Dictionary<string, string>(), extraArgs);

    /// <summary>`earshot serve` with extra environment variables (settings such as Database__Provider); returns once /health answers.</summary>
    public static async Task<ServerProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string> environment, params string[] extraArgs)
    {
        var port = FreePort();
        var server = Launch(dataDirectory, environment, ["serve", "--urls", $"http://127.0.0.1:{port}", "--data", dataDirectory, .. extraArgs],
            new Uri($"http://127.0.0.1:{port}"));
        await server.WaitHealthyAsync();
        return server;
    }

    /// <summary>`earshot worker`: no HTTP, so it returns as soon as the process runs.</summary>
    public static ServerProcess StartWorker(string dataDirectory, IReadOnlyDictionary<string, string> environment, params string[] extraArgs) =>
        Launch(dataDirectory, environment, ["worker", "--data", dataDirectory, .. extraArgs], new Uri("http://127.0.0.1:1"));

    /// <summary>Runs a command of the executable to its end (e.g. `db migrate`) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunToEndAsync(string dataDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        await using var run = Launch(dataDirectory, environment, args, new Uri("http://127.0.0.1:1"));
        await run._process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (run._process.ExitCode, run.Output);
    }

    private static ServerProcess Launch(string dataDirectory, IReadOnlyDictionary<string, string> environment, string[] args, Uri baseAddress)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = dataDirectory,
            Environment = { ["EARSHOT_MODELS"] = Earshot.Testing.RepositoryPaths.Models },
        };
        foreach (var (name, value) in environment)
            startInfo.Environment[name] = value;
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "earshot.dll"), .. args])
            startInfo.ArgumentList.Add(arg);

        var process = Process.Start(startInfo)!;
        var server = new ServerProcess(process, baseAddress);
        process.OutputDataReceived += (_, e) => server.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => server.Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>SIGTERM: the host stops gracefully (running jobs are handed back), as under `docker stop`.</summary>
    public async Task StopAsync()
    {
        Process.Start("kill", ["-TERM", _process.Id.ToString()]).WaitForExit();
        await _process.WaitForExitAsync();
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress };

    /// <summary>SIGKILL: the process dies without any chance to clean up, as in a crash or power loss.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            await KillAsync();
        _process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.Add(line);
    }

    private async Task WaitHealthyAsync()
    {
        using var client = CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"earshot exited with {_process.ExitCode}:\n{Output}");
            try
            {
                if ((await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"earshot did not become healthy:\n{Output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
