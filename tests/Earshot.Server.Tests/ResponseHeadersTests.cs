using System.Net;
using System.Net.Http.Headers;
using Earshot.Server.Tests.Infrastructure;
using Earshot.Testing;

namespace Earshot.Server.Tests;

[Collection(SharedServerCollection.Name)]
public sealed class ResponseHeadersTests(SharedServer factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DownloadsTakeTheirTypeFromTheStoredFileNotTheUploader()
    {
        var client = await factory.CreateUserClientAsync();
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(File.ReadAllBytes(RepositoryPaths.Speech("jfk/jfk.wav")));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/html");
        content.Add(file, "upload_file", "jfk.wav");
        var upload = await client.PostAsync("/v1/audio/upload", content, Ct);
        var id = (await upload.ReadJsonAsync()).GetProperty("file_id").GetGuid();

        var download = await client.GetAsync($"/v1/audio/download?file={id}", Ct);

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.StartsWith("audio/", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task FileNamesWithBidiControlsAreRefused()
    {
        var client = await factory.CreateUserClientAsync();
        var response = await client.UploadBytesAsync("/v1/audio/upload", File.ReadAllBytes(RepositoryPaths.Speech("jfk/jfk.wav")), "\u202Egnp.wav");
        await response.AssertProblemAsync(422, "bidirectional");
    }

    [Fact]
    public async Task HtmlPagesForbidFramingAndForeignContent()
    {
        var page = await factory.CreateClient().GetAsync("/docs", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("default-src 'self'", policy);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());

        var front = await factory.CreateClient().GetAsync("/", Ct);
        if (front.Content.Headers.ContentType?.MediaType == "text/html")
        {
            var strict = front.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("frame-ancestors 'none'", strict);
            Assert.DoesNotContain("unsafe-inline", strict);
        }
    }

    [Fact]
    public async Task AnonymousHealthShowsOnlyTheStatus()
    {
        var body = await (await factory.CreateClient().GetAsync("/health", Ct)).ReadJsonAsync();
        Assert.True(body.TryGetProperty("status", out _));
        Assert.False(body.TryGetProperty("checks", out _), body.GetRawText());
    }
}
