using System.Text.RegularExpressions;
using Earshot.Testing;
using Microsoft.Playwright;
using static Earshot.Web.Tests.Ui;
using static Microsoft.Playwright.Assertions;

namespace Earshot.Web.Tests;

/// <summary>Live transcription from Chromium's fake microphone, and the server refusing a second stream.</summary>
public sealed class LivePageTests(WebFixture fixture)
{
    [Fact]
    public async Task LiveMicrophoneShowsTheTranscriptAndASecondStreamSeesServerOverloaded()
    {
        await using var browser = await TestBrowser.OpenAsync(fixture);
        await browser.RunAsync(async page =>
        {
            await SignUpAsync(page, NewUser("live"));
            await page.GetByRole(AriaRole.Link, new() { Name = "Live" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();
            await Expect(page.Locator("#live-state")).ToHaveTextAsync("listening");

            // the server takes one stream at a time here: a second page is refused, plainly
            var second = await browser.NewPageAsync();
            // the token lives in the tab's sessionStorage: hand it to the new tab
            var token = await page.EvaluateAsync<string>("() => sessionStorage.getItem('earshot.token')");
            await second.AddInitScriptAsync($"sessionStorage.setItem('earshot.token', '{token}')");
            await second.GotoAsync("/#/live");
            await second.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();
            await Expect(second.GetByRole(AriaRole.Alert)).ToContainTextAsync("Server overloaded");
            await second.CloseAsync();

            // the fake microphone plays JFK's "ask not what your country can do for you"
            await Expect(page.Locator("#final")).ToContainTextAsync("country", new() { Timeout = 60_000 });
            await browser.SnapAsync("live");
            await page.GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();
            await Expect(page.Locator("#final")).ToContainTextAsync("Saved as a recording", new() { Timeout = 90_000 });
            await Expect(page.Locator("#live-state")).ToHaveTextAsync("idle");

            // the stream is kept as a recording: transcript on a timeline, sentiment chart
            await page.GetByRole(AriaRole.Link, new() { Name = "Recordings" }).First.ClickAsync();
            await page.Locator("tbody a").First.ClickAsync();
            await Expect(page.Locator("#transcript")).ToContainTextAsync("country");
            await Expect(page.Locator("svg.timeline rect.w").First).ToBeAttachedAsync();
            await Expect(page.Locator("svg.sentiment rect.bar").First).ToBeAttachedAsync();
        });
    }
}
