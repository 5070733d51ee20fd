using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Earshot.Web.Tests;

/// <summary>Steps the browser tests share. Each test signs up a new user, so the tests are independent of each other.</summary>
internal static class Ui
{
    public static readonly LocatorAssertionsToHaveCountOptions LongJob = new() { Timeout = 120_000 };

    public static string NewUser(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    public static async Task SignUpAsync(IPage page, string user)
    {
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("#/signin$"));
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync("long-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Files and jobs" })).ToBeVisibleAsync();
    }

    public static double Percent(string? text) => double.Parse(text!.Replace("%", "").Trim(), CultureInfo.InvariantCulture);
}
