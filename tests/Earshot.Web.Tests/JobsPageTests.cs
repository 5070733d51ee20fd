using System.Text.RegularExpressions;
using Earshot.Testing;
using Microsoft.Playwright;
using static Earshot.Web.Tests.Ui;
using static Microsoft.Playwright.Assertions;

namespace Earshot.Web.Tests;

/// <summary>Files and jobs: many uploads with progress, a table that refreshes by itself.</summary>
public sealed class JobsPageTests(WebFixture fixture)
{
    [Fact]
    public async Task TwoUploadedAudioFilesBothReachDoneInTheJobsTable()
    {
        await using var browser = await TestBrowser.OpenAsync(fixture);
        await browser.RunAsync(async page =>
        {
            await SignUpAsync(page, NewUser("jobs"));
            await page.Locator("#files").SetInputFilesAsync([
                RepositoryPaths.Speech("librispeech/1988-24833-0000.flac"),
                RepositoryPaths.Speech("librispeech/3752-4944-0000.flac"),
            ]);
            await Expect(page.Locator("li.upload.done progress")).ToHaveCountAsync(2);
            await Expect(page.Locator("#jobs-body tr")).ToHaveCountAsync(2);
            await Expect(page.Locator("#jobs-body td.file", new() { HasText = "1988-24833-0000.flac" })).ToBeVisibleAsync();
            // the table refreshes by itself: no click on Refresh
            await Expect(page.Locator("#jobs-body tr[data-status=succeeded]")).ToHaveCountAsync(2, LongJob);
            await Expect(page.Locator("#jobs-body td.status.succeeded").First).ToHaveTextAsync("done");
            await browser.SnapAsync("jobs");

            await page.Locator("#jobs-body tr").First.GetByRole(AriaRole.Link, new() { Name = "Open" }).ClickAsync();
            await Expect(page.Locator(".transcript")).Not.ToBeEmptyAsync();
        });
    }
}
