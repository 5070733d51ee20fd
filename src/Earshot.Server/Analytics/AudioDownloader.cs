using Earshot.Server.Jobs;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Analytics;

/// <summary>Fetches a job's audio URL to a local file: every hop checked by the SSRF rule and signed, the size capped while it streams.</summary>
public sealed class AudioDownloader(IHttpClientFactory clients, AddressGuard guard, RequestSigner signer, IOptions<DownloadOptions> options)
{
    public async Task DownloadAsync(Uri url, string path, Guid accountId, Guid jobId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.DownloadTimeout);
        var client = clients.CreateClient(GuardedHttp.DownloadClient);
        var current = url;
        for (var hop = 0; ; hop++)
        {
            if (guard.CheckUrl(current) is { } problem)
                throw new JobFailedException($"The audio URL was refused: {problem}");
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            request.Headers.Add(RequestSigner.HeaderName, signer.Sign(accountId, jobId, current));
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            }
            catch (HttpRequestException ex) when (GuardedHttp.IsRefused(ex))
            {
                throw new JobFailedException($"The audio URL was refused: {AddressGuard.NotAllowed} ({current.Host}).");
            }
            catch (HttpRequestException ex)
            {
                throw new JobFailedException($"The audio URL could not be fetched: {ex.Message}");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new JobFailedException($"The audio URL did not finish within {settings.DownloadTimeout}.");
            }
            using (response)
            {
                if (GuardedHttp.IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
                {
                    if (hop >= settings.MaxRedirects)
                        throw new JobFailedException($"The audio URL redirected more than {settings.MaxRedirects} times.");
                    current = new Uri(current, location);
                    continue;
                }
                if (!response.IsSuccessStatusCode)
                    throw new JobFailedException($"The audio URL answered HTTP {(int)response.StatusCode} ({response.ReasonPhrase}).");
                if (response.Content.Headers.ContentLength > settings.MaxDownloadBytes)
                    throw new JobFailedException($"The audio at the URL is larger than the {settings.MaxDownloadBytes} byte limit.");
                await CopyCappedAsync(response, path, settings.MaxDownloadBytes, timeout.Token);
                return;
            }
        }
    }

    private static async Task CopyCappedAsync(HttpResponseMessage response, string path, long maxBytes, CancellationToken cancellationToken)
    {
        await using var source = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using var target = File.Create(path);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > maxBytes)
                throw new JobFailedException($"The audio at the URL is larger than the {maxBytes} byte limit.");
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }
}
