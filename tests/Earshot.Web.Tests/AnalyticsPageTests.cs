using System.Diagnostics;
using System.Text.RegularExpressions;
using Earshot.Testing;
using Microsoft.Playwright;
using static Earshot.Web.Tests.Ui;
using static Microsoft.Playwright.Assertions;

namespace Earshot.Web.Tests;

/// <summary>Analytics: a stereo upload becomes one lane per channel, with the models' rows, transitions and summary.</summary>
public sealed class AnalyticsPageTests(WebFixture fixture)
{
    private static readonly string Music =
        Path.Combine(RepositoryPaths.Shared, "eval", "nonspeech", "audio", "librosa_Kevin_MacLeod_P_I_Tchaikovsky_Dance_of_the_Sugar_s00.flac");

    [Fact]
    public async Task StereoUploadShowsALanePerChannelWithTransitionsAndTheSummary()
    {
        var stereo = await StereoAsync();
        try
        {
            await using var browser = await TestBrowser.OpenAsync(fixture);
            await browser.RunAsync(async page =>
            {
                await SignUpAsync(page, NewUser("analytics"));
                await page.GetByRole(AriaRole.Link, new() { Name = "Analytics" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Analytics", Exact = true })).ToBeVisibleAsync();

                await page.GetByLabel("Audio file").SetInputFilesAsync(stereo);
                await page.GetByLabel("arousal").UncheckAsync();
                await page.GetByLabel("Output period").SelectOptionAsync("512");
                await page.GetByRole(AriaRole.Button, new() { Name = "Analyse" }).ClickAsync();
                await Expect(page.Locator("#analytics-state")).ToContainTextAsync("done", new() { Timeout = 120_000 });

                // one lane per channel, one row per chosen model in each
                var channels = page.Locator("section.channel");
                await Expect(channels).ToHaveCountAsync(2);
                foreach (var n in new[] { "0", "1" })
                {
                    var lane = page.Locator($"section.channel[data-channel='{n}']");
                    await Expect(lane.GetByRole(AriaRole.Heading, new() { Name = $"Channel {n}" })).ToBeVisibleAsync();
                    await Expect(lane.Locator("g.model-row")).ToHaveCountAsync(3);
                    await Expect(lane.Locator("g.model-row[data-model='arousal']")).ToHaveCountAsync(0);
                    await Expect(lane.Locator("dl.summary dt")).ToHaveCountAsync(3);
                }

                // left: speech for 6 s then silence, so the speech row has at least two labelled spans (a transition)
                var speechRow = page.Locator("section.channel[data-channel='0'] g.model-row[data-model='speech']");
                Assert.True(await speechRow.Locator("g.span").CountAsync() >= 2);
                await Expect(speechRow.Locator("g.span text", new() { HasText = "speech" }).First).ToBeVisibleAsync();
                await Expect(page.Locator("section.channel[data-channel='0'] dl.summary")).ToContainTextAsync(new Regex(@"speech \d+\.\d %"));

                // focus a span: its class, time range and confidence are read out
                await speechRow.Locator("g.span").First.FocusAsync();
                await Expect(page.Locator("#analytics-readout")).ToHaveTextAsync(new Regex(@"^Channel 0, speech: \w+, 0\.0–\d+\.\d s, confidence \d\.\d\d$"));

                await browser.SnapAsync("analytics");

                // the same values as a table
                await page.GetByText("Channel 1: the transitions as a table").ClickAsync();
                await Expect(page.Locator("section.channel[data-channel='1'] table tbody tr").First).ToBeVisibleAsync();

                // a file that is not audio: the problem body's words, and the old results are gone
                browser.ExpectFailedRequest(422, "/file-processing/jobs?models=speech%2Cgender%2Cemotions&output_period=512&include_summary=true&include_transitions=true");
                await page.GetByLabel("Audio file").SetInputFilesAsync(new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = "not a recording"u8.ToArray() });
                await page.GetByRole(AriaRole.Button, new() { Name = "Analyse" }).ClickAsync();
                await Expect(page.Locator("#analytics-state").GetByRole(AriaRole.Alert)).ToContainTextAsync("not audio");
                await Expect(channels).ToHaveCountAsync(0);
            });
        }
        finally
        {
            File.Delete(stereo);
        }
    }

    /// <summary>8 s stereo WAV: left JFK speaking, right orchestral music, both for 6 s, then 2 s of digital silence.</summary>
    private static async Task<string> StereoAsync()
    {
        var target = Path.Combine(Path.GetTempPath(), $"earshot-stereo-{Guid.NewGuid():N}.wav");
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true };
        foreach (var arg in (string[])["-nostdin", "-v", "error", "-y", "-i", RepositoryPaths.Speech("jfk/jfk.wav"), "-i", Music, "-filter_complex",
                     "[0:a]aformat=sample_rates=16000:channel_layouts=mono,atrim=0:6,asetpts=N/SR/TB,apad=whole_dur=8[l];" +
                     "[1:a]aformat=sample_rates=16000:channel_layouts=mono,atrim=0:6,asetpts=N/SR/TB,apad=whole_dur=8[r];" +
                     "[l][r]join=inputs=2:channel_layout=stereo[out]",
                     "-map", "[out]", "-c:a", "pcm_s16le", target])
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var errors = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"ffmpeg: {errors}");
        return target;
    }
}
