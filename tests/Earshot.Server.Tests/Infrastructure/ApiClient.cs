using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Earshot.Server.Jobs;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Earshot.Server.Tests.Infrastructure;

/// <summary>Small helpers over HttpClient in the API's own JSON shape.</summary>
public static class ApiClient
{
    public static JsonSerializerOptions Json => JobJson.Options;

    public static async Task<HttpClient> CreateUserClientAsync(this WebApplicationFactory<Program> factory, string? name = null, string password = "correct horse")
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.Timeout = TimeSpan.FromMinutes(5);
        var token = await RegisterAndLoginAsync(client, name ?? "u" + Guid.NewGuid().ToString("N")[..12], password);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<string> RegisterAndLoginAsync(HttpClient client, string name, string password)
    {
        var register = await client.PutAsync($"/v1/auth/register?username={name}&password={Uri.EscapeDataString(password)}", null);
        register.EnsureSuccessStatusCode();
        var token = await client.PostAsync("/v1/auth/token", new FormUrlEncodedContent(
            [new("grant_type", "password"), new("username", name), new("password", password)]));
        token.EnsureSuccessStatusCode();
        return (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, string route, string path, string? fileName = null) =>
        client.UploadBytesAsync(route, File.ReadAllBytes(path), fileName ?? Path.GetFileName(path));

    public static Task<HttpResponseMessage> UploadBytesAsync(this HttpClient client, string route, byte[] bytes, string fileName)
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, "upload_file", fileName);
        return client.PostAsync(route, content);
    }

    public static async Task<Guid> UploadAudioAsync(this HttpClient client, string path)
    {
        var response = await client.UploadAsync("/v1/audio/upload", path);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("file_id").GetGuid();
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>Polls a job until it leaves queued/running, or fails the test after the timeout.</summary>
    public static async Task<JsonElement> WaitForJobAsync(this HttpClient client, Guid jobId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var job = await (await client.GetAsync($"/v1/jobs/{jobId}?wait=5")).ReadJsonAsync();
            var status = job.GetProperty("status").GetString();
            if (status is not ("queued" or "running"))
                return job;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Job {jobId} still {status} after the timeout.");
        }
    }

    public static async Task AssertProblemAsync(this HttpResponseMessage response, int status, string? detailContains = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        if (detailContains is not null)
            Assert.Contains(detailContains, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }
}
