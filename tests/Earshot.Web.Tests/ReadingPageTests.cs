using System.Text.RegularExpressions;
using Earshot.Testing;
using Microsoft.Playwright;
using static Earshot.Web.Tests.Ui;
using static Microsoft.Playwright.Assertions;

namespace Earshot.Web.Tests;

/// <summary>Reading assessment: the page photo with coloured word boxes, the teacher override, the scores.</summary>
public sealed class ReadingPageTests(WebFixture fixture)
{
    private const string ReadingRecording = "librispeech/3752-4944-0001.flac"; // ABANDONED INDEED BY GOD AND MAN ALMOST

    [Fact]
    public async Task ReadingOfAPagePhotoMarksWordsAndATeacherOverrideChangesTheScores()
    {
        var png = TestImages.RenderTextToTemp("Abandoned indeed by God and man almost.");
        try
        {
            await using var browser = await TestBrowser.OpenAsync(fixture);
            await browser.RunAsync(async page =>
            {
                await SignUpAsync(page, NewUser("reading"));
                await page.GetByRole(AriaRole.Link, new() { Name = "Reading" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Reading assessment" })).ToBeVisibleAsync();
                await Expect(page.GetByText("None yet.")).ToBeVisibleAsync();
                await browser.SnapAsync("reading-form");
                // recording in the browser gives a WebM file (the fake microphone); the eval recording then replaces it
                await page.GetByRole(AriaRole.Button, new() { Name = "Record the reading" }).ClickAsync();
                await Expect(page.GetByText("Recording…")).ToBeVisibleAsync();
                await page.GetByRole(AriaRole.Button, new() { Name = "Stop recording" }).ClickAsync();
                await Expect(page.GetByText(new Regex(@"^Recorded recording-.+\.webm$"))).ToBeVisibleAsync();

                await page.GetByLabel("Photo of the page").SetInputFilesAsync(png);
                await page.Locator("#reading-audio").SetInputFilesAsync(RepositoryPaths.Speech(ReadingRecording));
                await page.GetByRole(AriaRole.Button, new() { Name = "Assess the reading" }).ClickAsync();

                await Expect(page.Locator("#scores")).ToBeVisibleAsync(new() { Timeout = 120_000 });
                await Expect(page.Locator("svg.page-svg polygon.box")).ToHaveCountAsync(7);
                await Expect(page.Locator("#words button.word[data-index]")).ToHaveCountAsync(7);
                var before = Percent(await page.Locator("#score-accuracy").TextContentAsync());

                // "God": the teacher marks it as misread
                var god = page.Locator("svg.page-svg polygon.box[data-index='3']");
                await god.ClickAsync();
                await Expect(page.Locator("#word-detail h2")).ToContainTextAsync("God");
                await page.GetByLabel("Change verdict").SelectOptionAsync("substitution");
                await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

                await Expect(page.Locator("#words button.word[data-index='3']")).ToHaveAttributeAsync("data-status", "substitution");
                await Expect(god).ToHaveClassAsync(new Regex("st-substitution"));
                await Expect(page.Locator("#score-accuracy")).Not.ToHaveTextAsync($"{before:0.0} %");
                var after = Percent(await page.Locator("#score-accuracy").TextContentAsync());
                Assert.True(after < before, $"accuracy {before} -> {after}");
                await browser.SnapAsync("reading");
            });
        }
        finally
        {
            File.Delete(png);
        }
    }
}
