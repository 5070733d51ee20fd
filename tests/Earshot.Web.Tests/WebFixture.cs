using Earshot.Server.Tests.Infrastructure;
using Earshot.Testing;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(Earshot.Web.Tests.WebFixture))]

namespace Earshot.Web.Tests;

/// <summary>
/// One real `earshot serve` on a free loopback port and one headless Debian Chromium for all the browser tests:
/// starting a browser costs seconds on a small machine. The test classes run one after another (xunit.runner.json):
/// run side by side on two cores, the server's jobs and the live decoder starved each other past any sane timeout.
/// </summary>
public sealed class WebFixture : IAsyncLifetime
{
    /// <summary>The microphone the browser hears: Chromium's fake capture device plays this file in a loop.</summary>
    public static string MicrophoneWav => RepositoryPaths.Speech("jfk/jfk.wav");

    private IPlaywright? _playwright;
    private string? _data;

    public ServerProcess Server { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>
    /// The policy the HTML must work under (no inline script or style; blob: only for media and images), sent on the
    /// page itself by the tests so that any page that breaks it fails them with a console error.
    /// </summary>
    public string ContentSecurityPolicy => "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob:; media-src 'self' blob:; "
        + $"connect-src 'self' ws://{Server.BaseAddress.Authority}; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public async ValueTask InitializeAsync()
    {
        _data = Directory.CreateTempSubdirectory("earshot-web-").FullName;
        // One stream at a time, so the live page's "server overloaded" can be shown with two pages.
        var server = ServerProcess.StartAsync(_data, "--Streaming:MaxStreams=1", "--Streaming:MaxLagSeconds=60");
        _playwright = await Playwright.CreateAsync();
        // 5 s by default: too short for a busy 2-core machine running other tests beside these
        Assertions.SetDefaultExpectTimeout(60_000);
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                $"--use-file-for-fake-audio-capture={MicrophoneWav}",
                "--autoplay-policy=no-user-gesture-required",
                // The tests hand the page over from a route handler (to add the CSP), and Chromium counts such a response as
                // coming from a public address, so its WebSocket to 127.0.0.1 would trip Local Network Access; a page loaded
                // straight from the server is loopback to loopback and never hits that check.
                "--disable-features=LocalNetworkAccessChecks",
            ],
        });
        Server = await server;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (Server is not null)
            await Server.DisposeAsync();
        if (_data is not null)
            Directory.Delete(_data, recursive: true);
    }
}
