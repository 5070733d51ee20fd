using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Earshot.Server.Cli;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Earshot.Bench;

/// <summary>The real server on a loopback port in this process, with its own throw-away data directory.</summary>
internal sealed class BenchServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BenchServer(WebApplication app, string dataDirectory, Uri baseAddress)
    {
        _app = app;
        DataDirectory = dataDirectory;
        BaseAddress = baseAddress;
    }

    public string DataDirectory { get; }
    public Uri BaseAddress { get; }
    public IServiceProvider Services => _app.Services;

    public static async Task<BenchServer> StartAsync(params string[] extraArgs)
    {
        var data = Directory.CreateTempSubdirectory("earshot-bench-").FullName;
        var port = FreePort();
        var app = EarshotCli.BuildApp(["--urls", $"http://127.0.0.1:{port}", "--data", data, $"--Earshot:ModelsDirectory={Earshot.Testing.RepositoryPaths.Models}", "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.AspNetCore.HttpLogging=Warning", "--Testing:EchoPipeline=true", .. extraArgs]);
        await app.StartAsync();
        return new BenchServer(app, data, new Uri($"http://127.0.0.1:{port}"));
    }

    public async Task<HttpClient> CreateUserClientAsync()
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        (await client.PutAsync("/v1/auth/register?username=bench&password=bench-password", null)).EnsureSuccessStatusCode();
        var token = await client.PostAsync("/v1/auth/token", new FormUrlEncodedContent([new("username", "bench"), new("password", "bench-password")]));
        var json = await token.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", json.GetProperty("access_token").GetString());
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
