using System.Net;
using System.Text.Json;
using Earshot.Server.Tests.Infrastructure;

namespace Earshot.Server.Tests;

[Collection(SharedServerCollection.Name)]
public class OpenApiDocumentTests(SharedServer factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreatingARecordingDocumentsItsMultipartFormAndJsonBodies()
    {
        var response = await factory.CreateClient().GetAsync("/openapi/v1.json", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

        var body = document.GetProperty("paths").GetProperty("/v1/recordings").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        var multipart = body.GetProperty("multipart/form-data").GetProperty("schema").GetProperty("properties");
        Assert.Equal("binary", multipart.GetProperty("file").GetProperty("format").GetString());
        Assert.Equal("array", multipart.GetProperty("keywords[]").GetProperty("type").GetString());
        var json = body.GetProperty("application/json").GetProperty("schema");
        var schema = json.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : json;
        var properties = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("file_id", properties);
        Assert.Contains("keywords", properties);
        Assert.Contains("get_timestamps", properties);
    }
}
