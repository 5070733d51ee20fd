using Earshot.Engines.Analytics;

namespace Earshot.Server.Analytics;

/// <summary>The checks every analytics request passes before anything is stored, whichever route it came by.</summary>
public static class AnalyticsRequestRules
{
    public static string[] ModelsOf(AudioAnalyticsRequest request, AnalyticsOptions options) =>
        request.Models is { Length: > 0 } models ? models : options.DefaultModels;

    public static string? Check(AudioAnalyticsRequest request, AnalyticsOptions options)
    {
        var unknown = ModelsOf(request, options).Where(m => !AnalyticsModelSet.Names.Contains(m)).ToList();
        if (unknown.Count > 0)
            return $"Unknown model(s) {string.Join(", ", unknown.Select(m => $"'{m}'"))}. Available models: {string.Join(", ", AnalyticsModelSet.Names)}.";
        if (request.OutputPeriod <= 0 || request.OutputPeriod % BlockFeatures.Milliseconds != 0)
            return $"output_period must be a positive multiple of {BlockFeatures.Milliseconds} ms (e.g. 1024), not {request.OutputPeriod}.";
        if (request.OutputPeriod > 3_600_000)
            return "output_period must be at most 3600000 ms.";
        if (request.Channel is < 0)
            return "channel must be 0 or more.";
        if (!(request.VolumeThreshold >= 0 && request.VolumeThreshold < 1))
            return "volume_threshold must lie in [0, 1) (a fraction of full scale).";
        return null;
    }

    /// <summary>422 text for a URL the server must not fetch (bad form, or every address refused); null when allowed.</summary>
    public static async Task<string?> CheckAddressAsync(string url, AddressGuard guard, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            return $"'{url}' is not an absolute URL.";
        if (guard.CheckUrl(uri) is { } problem)
            return problem;
        try
        {
            await guard.ResolveAsync(uri.Host, cancellationToken);
        }
        catch (AddressNotAllowedException)
        {
            return $"{AddressGuard.NotAllowed}: {uri.Host}";
        }
        catch (HttpRequestException)
        {
            // A name that does not resolve now may later; the job reports it if it still fails.
        }
        return null;
    }
}
