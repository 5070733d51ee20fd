using Earshot.Testing;
using Microsoft.Playwright;

namespace Earshot.Web.Tests;

/// <summary>A fresh browser context (own storage, microphone allowed) with a page that fails the test on any console error.</summary>
public sealed class TestBrowser : IAsyncDisposable
{
    public const int Desktop = 1280, DesktopHeight = 800, Phone = 390, PhoneHeight = 844;

    private readonly List<string> _errors = [];
    private readonly List<(string Text, string Location)> _expectedFailures = [];
    private readonly IBrowserContext _context;

    private TestBrowser(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
    }

    public IPage Page { get; }

    public static async Task<TestBrowser> OpenAsync(WebFixture fixture)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.Server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = Desktop, Height = DesktopHeight },
            Permissions = ["microphone"],
        });
        context.SetDefaultTimeout(60_000);
        var policy = fixture.ContentSecurityPolicy;
        await context.RouteAsync(url => new Uri(url).AbsolutePath is "/" or "/index.html", async route =>
        {
            var response = await route.FetchAsync();
            var headers = new Dictionary<string, string>(response.Headers) { ["content-security-policy"] = policy };
            await route.FulfillAsync(new RouteFulfillOptions { Response = response, Headers = headers });
        });
        var browser = new TestBrowser(context, await context.NewPageAsync());
        browser.Watch(browser.Page);
        return browser;
    }

    public async Task<IPage> NewPageAsync()
    {
        var page = await _context.NewPageAsync();
        Watch(page);
        return page;
    }

    private void Watch(IPage page)
    {
        page.Console += (_, message) =>
        {
            if (message.Type != "error")
                return;
            lock (_errors)
            {
                if (!_expectedFailures.Any(failure => message.Text.StartsWith(failure.Text, StringComparison.Ordinal)
                        && message.Location.StartsWith(failure.Location, StringComparison.Ordinal)))
                    _errors.Add($"console: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_errors)
                _errors.Add($"page error: {error}");
        };
    }

    /// <summary>
    /// A request the test makes fail on purpose (a problem the page shows): Chromium reports every 4xx response as a console
    /// error, so only this status from this exact address is let through.
    /// </summary>
    public void ExpectFailedRequest(int status, string path)
    {
        lock (_errors)
            _expectedFailures.Add(($"Failed to load resource: the server responded with a status of {status} ",
                $"{new Uri(Page.Url).GetLeftPart(UriPartial.Authority)}{path}:"));
    }

    /// <summary>Runs the test's steps; on failure keeps a screenshot as test output. Then asserts the console stayed clean.</summary>
    public async Task RunAsync(Func<IPage, Task> steps)
    {
        try
        {
            await steps(Page);
        }
        catch (Exception ex)
        {
            await KeepScreenshotAsync();
            string[] seen;
            lock (_errors)
                seen = [.. _errors];
            if (seen.Length == 0)
                throw;
            throw new InvalidOperationException($"{ex.Message}\nThe browser console reported:\n{string.Join('\n', seen)}", ex);
        }
        string[] errors;
        lock (_errors)
            errors = [.. _errors];
        if (errors.Length > 0)
        {
            await KeepScreenshotAsync();
            Assert.Fail("The browser console reported errors:\n" + string.Join('\n', errors));
        }
    }

    private async Task KeepScreenshotAsync()
    {
        var name = TestContext.Current.Test?.TestDisplayName ?? "failure";
        var bytes = await Page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true });
        var dir = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, $"{string.Concat(name.Split(Path.GetInvalidFileNameChars()))}.png");
        await File.WriteAllBytesAsync(file, bytes);
        TestContext.Current.AddAttachment(Path.GetFileName(file), bytes, "image/png");
        TestContext.Current.SendDiagnosticMessage($"Screenshot of the failure: {file}");
    }

    /// <summary>With EARSHOT_SCREENSHOTS=DIR (relative to the repository root), saves the page at desktop and phone size for the docs.</summary>
    public async Task SnapAsync(string name)
    {
        if (Environment.GetEnvironmentVariable("EARSHOT_SCREENSHOTS") is not { Length: > 0 } target)
            return;
        var dir = Path.IsPathRooted(target) ? target : Path.Combine(RepositoryPaths.Root, target);
        Directory.CreateDirectory(dir);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, $"{name}-desktop.png"), FullPage = true });
        await Page.SetViewportSizeAsync(Phone, PhoneHeight);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, $"{name}-phone.png"), FullPage = true });
        await Page.SetViewportSizeAsync(Desktop, DesktopHeight);
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
