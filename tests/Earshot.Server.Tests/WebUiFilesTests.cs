using System.Net;
using System.Text.RegularExpressions;
using Earshot.Server.Tests.Infrastructure;

namespace Earshot.Server.Tests;

/// <summary>The web front end's files at / (the browser tests in Earshot.Web.Tests drive the pages themselves).</summary>
[Collection(SharedServerCollection.Name)]
public sealed partial class WebUiFilesTests(SharedServer factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RootServesThePageWithoutSignInAndItsModules()
    {
        var client = factory.CreateClient();
        var page = await client.GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<script type=\"module\" src=\"js/app.js\"></script>", html);

        var module = await client.GetAsync("/js/app.js", Ct);
        Assert.Equal(HttpStatusCode.OK, module.StatusCode);
        Assert.Equal("text/javascript", module.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", module.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task PagesHaveNoInlineScriptsHandlersOrStyles()
    {
        // what a Content-Security-Policy without 'unsafe-inline' would block
        var root = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        var html = await File.ReadAllTextAsync(Path.Combine(root, "index.html"), Ct);
        Assert.DoesNotMatch(InlineMarkup(), html);
        foreach (var module in Directory.GetFiles(Path.Combine(root, "js"), "*.js", SearchOption.AllDirectories))
        {
            var code = await File.ReadAllTextAsync(module, Ct);
            Assert.DoesNotMatch(InlineInCode(), code);
        }
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=|\sstyle=|<style", RegexOptions.IgnoreCase)]
    private static partial Regex InlineMarkup();

    // builders given a style attribute or an inline handler, innerHTML, eval
    [GeneratedRegex(@"['""]style['""]\s*:|setAttribute\(\s*['""](style|on[a-z]+)['""]|\.innerHTML\s*=|\beval\(|new Function\(")]
    private static partial Regex InlineInCode();
}
