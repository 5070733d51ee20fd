using System.Net;
using System.Net.Http.Json;
using Earshot.Server.Tests.Infrastructure;

namespace Earshot.Server.Tests;

/// <summary>Requests of any size or value, and what responses give away.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class RequestHygieneTests(SharedServer factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(99)]
    [InlineData(-7)]
    public async Task AReadingStatusOutsideTheEnumIs422(int status)
    {
        var client = await factory.CreateUserClientAsync();
        await (await client.PatchAsJsonAsync($"/v1/comparison/{Guid.NewGuid()}/words/0", new { status }, Ct)).AssertProblemAsync(422, "status must be one of");
    }

    [Fact]
    public async Task AnOversizedJobRequestIs413AndNothingIsQueued()
    {
        var client = await factory.CreateUserClientAsync();
        var huge = new string('x', 2 * 1024 * 1024);

        await (await client.PostAsJsonAsync("/v1/jobs", new { kind = "system.echo", request = new { message = huge } }, Ct)).AssertProblemAsync(413);

        using var chunked = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs")
        {
            Content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes($"{{\"kind\":\"system.echo\",\"request\":{{\"message\":\"{huge}\"}}}}"))),
        };
        chunked.Content.Headers.ContentType = new("application/json");
        chunked.Headers.TransferEncodingChunked = true;
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await client.SendAsync(chunked, Ct)).StatusCode);

        Assert.Equal(0, (await (await client.GetAsync("/v1/jobs", Ct)).ReadJsonAsync()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task TheJobListLeavesOutRequestsAndResults()
    {
        var client = await factory.CreateUserClientAsync();
        var submitted = await client.PostAsJsonAsync("/v1/jobs", new { kind = "system.echo", request = new { message = "secret words" } }, Ct);
        var id = (await submitted.ReadJsonAsync()).GetProperty("id").GetGuid();
        var done = await client.WaitForJobAsync(id);
        Assert.Equal("secret words", done.GetProperty("result").GetProperty("message").GetString());

        var page = await client.GetStringAsync("/v1/jobs", Ct);
        Assert.DoesNotContain("secret words", page);
        Assert.Contains(id.ToString(), page);
    }

    [Fact]
    public async Task JobResultsNameNoHostOrProcess()
    {
        var client = await factory.CreateUserClientAsync();
        var submitted = await client.PostAsJsonAsync("/v1/jobs", new { kind = "system.echo", request = new { message = "hi" } }, Ct);
        var done = await client.WaitForJobAsync((await submitted.ReadJsonAsync()).GetProperty("id").GetGuid());
        var json = done.GetRawText();
        Assert.DoesNotContain(Environment.MachineName, json);
        Assert.DoesNotContain($":{Environment.ProcessId}:", json);
    }
}

public sealed class EchoPipelineTests
{
    [Fact]
    public async Task TheEchoJobExistsOnlyWhereTestsTurnItOn()
    {
        await using var factory = new EarshotFactory(new Dictionary<string, string?> { ["Testing:EchoPipeline"] = "false" });
        var client = await factory.CreateUserClientAsync();
        var response = await client.PostAsJsonAsync("/v1/jobs", new { kind = "system.echo", request = new { message = "hi", delay_seconds = 600 } },
            TestContext.Current.CancellationToken);
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"got {(int)response.StatusCode}");
    }
}
