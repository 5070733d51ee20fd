using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Earshot.Testing;
using Microsoft.Playwright;
using static Earshot.Web.Tests.Ui;
using static Microsoft.Playwright.Assertions;

namespace Earshot.Web.Tests;

/// <summary>Voices: enrol from a file, verify the same and another speaker, the problem of too little speech, delete; enrol from the microphone.</summary>
public sealed class VoicesPageTests(WebFixture fixture)
{
    // the LibriSpeech speakers the server's voice tests use: two clips of one reader, one of another
    private const string SpeakerA1 = "librispeech/3752-4944-0000.flac";
    private const string SpeakerA2 = "librispeech/3752-4944-0001.flac";
    private const string SpeakerB = "librispeech/1988-24833-0000.flac";

    [Fact]
    public async Task EnrolVerifyAndDeleteSpeakersFromFilesAndTheMicrophone()
    {
        var shortClip = await CutAsync(RepositoryPaths.Speech(SpeakerA1), start: 1.0, seconds: 0.7);
        try
        {
            await using var browser = await TestBrowser.OpenAsync(fixture);
            await browser.RunAsync(async page =>
            {
                await SignUpAsync(page, NewUser("voices"));
                await page.GetByRole(AriaRole.Link, new() { Name = "Voices" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Voices", Exact = true })).ToBeVisibleAsync();
                await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "No one is enrolled yet." })).ToBeVisibleAsync();

                await page.GetByLabel("Speaker name").FillAsync("ann");
                await page.Locator("#enrol-file").SetInputFilesAsync(RepositoryPaths.Speech(SpeakerA1));
                await page.GetByRole(AriaRole.Button, new() { Name = "Enrol", Exact = true }).ClickAsync();
                await Expect(page.Locator("#enrol-message")).ToContainTextAsync("Enrolled ann", new() { Timeout = 60_000 });
                await Expect(page.Locator("#voices tr[data-voice='ann']")).ToBeVisibleAsync();
                await Expect(page.GetByLabel("Enrolled speaker")).ToHaveValueAsync("ann");

                await page.Locator("#verify-file").SetInputFilesAsync(RepositoryPaths.Speech(SpeakerA2));
                await page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
                await Expect(page.Locator("#verdict-text")).ToHaveTextAsync(new Regex("^Accepted: 3752-4944-0001.flac sounds like ann"), new() { Timeout = 60_000 });
                Assert.True(Number(await page.Locator("#verify-score").TextContentAsync()) >= Number(await page.Locator("#verify-threshold").TextContentAsync()));
                await browser.SnapAsync("voices");

                await page.Locator("#verify-file").SetInputFilesAsync(RepositoryPaths.Speech(SpeakerB));
                await page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
                await Expect(page.Locator("#verdict-text")).ToHaveTextAsync(new Regex("^Rejected: 1988-24833-0000.flac does not sound like ann"), new() { Timeout = 60_000 });
                Assert.True(Number(await page.Locator("#verify-score").TextContentAsync()) < Number(await page.Locator("#verify-threshold").TextContentAsync()));

                // too little speech: the problem body's detail, as the server words it; nothing is enrolled
                browser.ExpectFailedRequest(422, "/v1/voices");
                await page.GetByLabel("Speaker name").FillAsync("short");
                await page.Locator("#enrol-file").SetInputFilesAsync(shortClip);
                await page.GetByRole(AriaRole.Button, new() { Name = "Enrol", Exact = true }).ClickAsync();
                await Expect(page.Locator("#enrol-message").GetByRole(AriaRole.Alert))
                    .ToHaveTextAsync(new Regex(@"^Invalid request: .*speech", RegexOptions.IgnoreCase), new() { Timeout = 60_000 });
                await Expect(page.Locator("#voices tr[data-voice]")).ToHaveCountAsync(1);

                await page.GetByRole(AriaRole.Button, new() { Name = "Delete ann" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "No one is enrolled yet." })).ToBeVisibleAsync();
                await Expect(page.GetByLabel("Enrolled speaker")).ToHaveValueAsync("");

                // the microphone (Chromium's fake one plays jfk.wav): 5 s recorded in the browser enrol him; the file itself verifies
                await page.GetByRole(AriaRole.Button, new() { Name = "Record the speaker" }).ClickAsync();
                await Expect(page.Locator("#enrol .recorder")).ToContainTextAsync(new Regex(@"Recording…\s*([5-9]|\d\d) s"));
                await page.GetByRole(AriaRole.Button, new() { Name = "Stop recording" }).ClickAsync();
                await Expect(page.Locator("#enrol-chosen")).ToHaveTextAsync(new Regex(@"^Audio: recording-.+\.webm$"));
                await page.GetByLabel("Speaker name").FillAsync("jfk");
                await page.GetByRole(AriaRole.Button, new() { Name = "Enrol", Exact = true }).ClickAsync();
                await Expect(page.Locator("#enrol-message")).ToContainTextAsync("Enrolled jfk", new() { Timeout = 60_000 });
                await page.Locator("#verify-file").SetInputFilesAsync(WebFixture.MicrophoneWav);
                await page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
                await Expect(page.Locator("#verdict-text")).ToHaveTextAsync(new Regex("^Accepted: jfk.wav sounds like jfk"), new() { Timeout = 60_000 });
            });
        }
        finally
        {
            File.Delete(shortClip);
        }
    }

    private static double Number(string? text) => double.Parse(text!, CultureInfo.InvariantCulture);

    /// <summary>A piece of a recording as a 16 kHz WAV, cut by ffmpeg.</summary>
    private static async Task<string> CutAsync(string source, double start, double seconds)
    {
        var target = Path.Combine(Path.GetTempPath(), $"earshot-cut-{Guid.NewGuid():N}.wav");
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true };
        foreach (var arg in (string[])["-nostdin", "-v", "error", "-y", "-ss", start.ToString(CultureInfo.InvariantCulture), "-t",
                     seconds.ToString(CultureInfo.InvariantCulture), "-i", source, "-ar", "16000", "-ac", "1", target])
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var errors = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"ffmpeg: {errors}");
        return target;
    }
}
