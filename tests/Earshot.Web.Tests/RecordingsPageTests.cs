using System.Text.RegularExpressions;
using Earshot.Testing;
using Microsoft.Playwright;
using static Earshot.Web.Tests.Ui;
using static Microsoft.Playwright.Assertions;

namespace Earshot.Web.Tests;

/// <summary>Recordings: transcript on a timeline, keyword hits, play head, sentiment chart.</summary>
public sealed class RecordingsPageTests(WebFixture fixture)
{
    [Fact]
    public async Task UploadedRecordingShowsKeywordHitsOnItsTimelineAndSentiment()
    {
        await using var browser = await TestBrowser.OpenAsync(fixture);
        await browser.RunAsync(async page =>
        {
            await SignUpAsync(page, NewUser("recording"));
            await page.GetByRole(AriaRole.Link, new() { Name = "Recordings" }).ClickAsync();
            await page.GetByLabel("Audio file").SetInputFilesAsync(WebFixture.MicrophoneWav);
            await page.GetByLabel("Keywords to find").FillAsync("country");
            await page.GetByRole(AriaRole.Button, new() { Name = "Upload and analyse" }).ClickAsync();

            await Expect(page.Locator("#transcript")).ToContainTextAsync("country", new() { Timeout = 120_000 });
            // JFK says "country" twice: both are listed, marked on the timeline and in the transcript
            await Expect(page.Locator(".keywords li", new() { HasText = "country" })).ToContainTextAsync("2 hits");
            await Expect(page.Locator("svg.timeline rect.hit")).ToHaveCountAsync(2);
            await Expect(page.Locator("#transcript button.tw.kw", new() { HasText = "country" })).ToHaveCountAsync(2);
            await Expect(page.Locator("svg.sentiment rect.bar").First).ToBeAttachedAsync();

            // pressing a word moves the play head there
            var head = page.Locator("svg.timeline line.playhead");
            await page.Locator("#transcript button.tw.kw").Last.ClickAsync();
            await Expect(head).Not.ToHaveAttributeAsync("x1", "0");
            await page.Locator("audio.player").EvaluateAsync("a => a.pause()");
            await browser.SnapAsync("recording");
        });
    }
}
