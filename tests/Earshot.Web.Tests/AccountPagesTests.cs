using System.Text.RegularExpressions;
using Earshot.Testing;
using Microsoft.Playwright;
using static Earshot.Web.Tests.Ui;
using static Microsoft.Playwright.Assertions;

namespace Earshot.Web.Tests;

/// <summary>Sign-in and API keys.</summary>
public sealed class AccountPagesTests(WebFixture fixture)
{
    [Fact]
    public async Task SignUpThenCreateAndRevokeAnApiKey()
    {
        await using var browser = await TestBrowser.OpenAsync(fixture);
        await browser.RunAsync(async page =>
        {
            await page.GotoAsync("/");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
            await browser.SnapAsync("signin");
            var user = NewUser("keys");
            await SignUpAsync(page, user);
            await Expect(page.Locator("#user")).ToHaveTextAsync(user);

            await page.GetByRole(AriaRole.Link, new() { Name = "API keys" }).ClickAsync();
            await page.GetByLabel("Name").FillAsync("grading script");
            await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
            await Expect(page.Locator("code.secret")).ToHaveTextAsync(new Regex(@"^\S{20,}$"));
            await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "grading script", Exact = true })).ToBeVisibleAsync();
            await browser.SnapAsync("keys");
            await page.GetByRole(AriaRole.Button, new() { Name = "Revoke grading script" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "revoked", Exact = false })).ToBeVisibleAsync();

            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        });
    }
}
