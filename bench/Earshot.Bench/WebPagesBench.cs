using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Earshot.Bench;

/// <summary>
/// Time to first content of each web page in headless Chromium (/usr/bin/chromium), each load in a fresh browser
/// context (empty cache), against the server's API reference page (/docs) loaded the same way as the baseline.
/// Figures: first-contentful-paint and the moment the page's own heading exists, from navigation start.
/// </summary>
internal static class WebPagesBench
{
    private static readonly string[] Pages = ["signin", "jobs", "reading", "recordings", "live", "voices", "analytics", "keys"];

    public static async Task RunAsync(string[] args)
    {
        var loads = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7;
        await using var server = await BenchServer.StartAsync();
        using var client = await server.CreateUserClientAsync();
        var token = await client.PostAsync("/v1/auth/token", new FormUrlEncodedContent([new("username", "bench"), new("password", "bench-password")]));
        var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = "/usr/bin/chromium", Headless = true });

        Console.WriteLine($"first content, {loads} cold loads each (median / max, ms); ratio = median paint / median paint of /docs");
        Console.WriteLine($"{"page",-12} {"paint",14} {"heading",14} {"ratio",6}");
        var baseline = await MeasureAsync(browser, server.BaseAddress, "/docs", null, "h1, h2, .scalar-app, main", loads);
        Print("/docs", baseline, baseline);
        foreach (var page in Pages)
        {
            var figures = await MeasureAsync(browser, server.BaseAddress, $"/#/{page}", page == "signin" ? null : accessToken, "main h1", loads);
            Print(page, figures, baseline);
        }
    }

    private static void Print(string name, (List<double> Paint, List<double> Heading) f, (List<double> Paint, List<double> Heading) baseline) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-12} {Stats.Median(f.Paint),6:0} / {f.Paint.Max(),5:0} {Stats.Median(f.Heading),6:0} / {f.Heading.Max(),5:0} {Stats.Median(f.Paint) / Stats.Median(baseline.Paint),6:0.00}"));

    private static async Task<(List<double> Paint, List<double> Heading)> MeasureAsync(IBrowser browser, Uri server, string path, string? token, string selector, int loads)
    {
        var paint = new List<double>();
        var heading = new List<double>();
        for (var i = 0; i < loads + 1; i++)
        {
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.ToString() });
            var page = await context.NewPageAsync();
            if (token is not null)
                await page.AddInitScriptAsync($"sessionStorage.setItem('earshot.token', '{token}')");
            await page.GotoAsync(path);
            var at = await page.WaitForFunctionAsync($"() => document.querySelector('{selector}') ? performance.now() : 0",
                null, new PageWaitForFunctionOptions { PollingInterval = 5, Timeout = 30_000 });
            var fcp = await page.EvaluateAsync<double?>(
                "() => new Promise(r => new PerformanceObserver(l => r(l.getEntries().find(e => e.name === 'first-contentful-paint')?.startTime ?? null)).observe({ type: 'paint', buffered: true }))");
            if (i == 0)
                continue; // the first load warms the server (JIT, database), not the browser cache: every context starts empty
            heading.Add(await at.JsonValueAsync<double>());
            paint.Add(fcp ?? double.NaN);
        }
        return (paint, heading);
    }
}
