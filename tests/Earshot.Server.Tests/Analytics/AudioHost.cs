using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Earshot.Server.Tests.Analytics;

/// <summary>A real HTTP server on 127.0.0.1 (free port) that serves audio files and receives callbacks, standing in for a user's own host.</summary>
public sealed class AudioHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _flakyCalls;

    public ConcurrentQueue<string> DownloadTokens { get; } = new();

    /// <summary>Completing it lets /slow.wav answer; until then a download of it hangs.</summary>
    public TaskCompletionSource SlowGate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public ConcurrentQueue<(string Name, string Body, string? Token)> Callbacks { get; } = new();

    private AudioHost(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<AudioHost> StartAsync(string audioPath)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var host = new AudioHost(app);
        app.MapGet("/audio.wav", (HttpRequest request) =>
        {
            host.DownloadTokens.Enqueue(request.Headers["X-Earshot-Request-Verification"].ToString());
            return Results.File(audioPath, "audio/wav");
        });
        app.MapGet("/slow.wav", async () =>
        {
            await host.SlowGate.Task;
            return Results.File(audioPath, "audio/wav");
        });
        app.MapGet("/text.wav", () => Results.Text("plain words, no audio"));
        app.MapGet("/missing.wav", () => Results.NotFound());
        app.MapGet("/to-loopback-v6", (HttpRequest request) => Results.Redirect($"http://[::1]:{request.Host.Port}/audio.wav"));
        app.MapGet("/to-audio", () => Results.Redirect("/audio.wav"));
        app.MapPost("/callback/{name}", async (string name, HttpRequest request) =>
        {
            var body = await new StreamReader(request.Body).ReadToEndAsync();
            host.Callbacks.Enqueue((name, body, request.Headers["X-Earshot-Request-Verification"].ToString()));
            return name switch
            {
                "flaky" when Interlocked.Increment(ref host._flakyCalls) == 1 => Results.StatusCode(503),
                "refusing" => Results.StatusCode(400),
                "broken" => Results.StatusCode(500),
                _ => Results.Ok(),
            };
        });
        await app.StartAsync();
        host.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return host;
    }

    public string Url(string path) => new Uri(BaseAddress, path).AbsoluteUri;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
