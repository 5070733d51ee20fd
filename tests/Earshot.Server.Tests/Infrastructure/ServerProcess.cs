using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Earshot.Server.Tests.Infrastructure;

/// <summary>The real `earshot serve` executable on a free loopback port, as a user would run it.</summary>
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

    public string Output
    {
        get
        {
            lock (_output)
                return string.Join('\n', _output);
        }
    }

    public static async Task<ServerProcess> StartAsync(string dataDirectory, params string[] extraArgs)
    {
        var port = FreePort();
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = dataDirectory,
            Environment = { ["EARSHOT_MODELS"] = Earshot.Testing.RepositoryPaths.Models },
        };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "earshot.dll"), "serve", "--urls", $"http://127.0.0.1:{port}",
                     "--data", dataDirectory, .. extraArgs])
            startInfo.ArgumentList.Add(arg);

        var process = Process.Start(startInfo)!;
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => server.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => server.Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitHealthyAsync();
        return server;
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
