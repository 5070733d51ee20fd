using System.Text.RegularExpressions;
using Earshot.Testing;
using Microsoft.Playwright;
using static Earshot.Web.Tests.Ui;
using static Microsoft.Playwright.Assertions;

namespace Earshot.Web.Tests;

/// <summary>Recordings: transcript on a timeline, keyword hits and places only the keyword spotter heard, play head, sentiment chart.</summary>
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
            await page.GetByLabel("Keywords to find").FillAsync("country, ask");
            await page.GetByRole(AriaRole.Button, new() { Name = "Upload and analyse" }).ClickAsync();

            await Expect(page.Locator("#transcript")).ToContainTextAsync("country", new() { Timeout = 120_000 });
            // JFK says "country" twice: both are listed, marked on the timeline and in the transcript
            await Expect(page.Locator(".keywords li", new() { HasText = "country" })).ToContainTextAsync("2 hits");
            await Expect(page.Locator("svg.timeline rect.hit")).ToHaveCountAsync(2);
            await Expect(page.Locator("#transcript button.tw.kw", new() { HasText = "country" })).ToHaveCountAsync(2);
            await Expect(page.Locator("svg.sentiment rect.bar").First).ToBeAttachedAsync();

            // JFK's two "ask"s are heard as "and" by the recogniser, found only by the keyword spotter: drawn and listed
            // apart from the transcript hits, with their confidence, and never marked in the transcript
            var ask = page.Locator(".keywords li", new() { HasText = "ask" });
            await Expect(ask).ToContainTextAsync("0 hits");
            await Expect(ask.Locator(".spotted-only")).ToContainTextAsync("Heard by the keyword spotter only");
            await Expect(ask.Locator("button.chip.spotted")).ToHaveCountAsync(2);
            await Expect(ask.Locator("button.chip.spotted").First).ToHaveTextAsync(new Regex(@"^\d+\.\d s, confidence 0\.\d\d$"));
            await Expect(page.Locator("svg.timeline rect.spotted")).ToHaveCountAsync(2);
            await Expect(page.Locator("svg.timeline")).ToHaveAttributeAsync("aria-label",
                new Regex(@"heard by the keyword spotter only: ask at \d+\.\d s, confidence 0\.\d\d; ask at"));
            await Expect(page.Locator(".timeline-legend")).ToContainTextAsync("Heard by the keyword spotter only");
            await Expect(page.Locator("#transcript button.tw.kw")).ToHaveCountAsync(2);

            // pressing a word moves the play head there
            var head = page.Locator("svg.timeline line.playhead");
            await page.Locator("#transcript button.tw.kw").Last.ClickAsync();
            await Expect(head).Not.ToHaveAttributeAsync("x1", "0");
            await page.Locator("audio.player").EvaluateAsync("a => a.pause()");
            await browser.SnapAsync("recording");
        });
    }
}
