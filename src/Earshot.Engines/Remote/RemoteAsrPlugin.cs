using System.Globalization;
using Earshot.Sdk;
using Earshot.Sdk.Models;

namespace Earshot.Engines.Remote;

/// <summary>
/// Built-in plugin "remote": one model per configured instance, e.g.
/// Models:Instances:0 = { Plugin: "remote", Settings: { Url, Model, Name, ApiKey, ApiKeyHeader: "X-Api-Key", TimeoutSeconds } }.
/// Without a Url it offers nothing, so it is harmless when not configured.
/// </summary>
public sealed class RemoteAsrPlugin : IEarshotPlugin
{
    public IEnumerable<IModel> CreateModels(PluginContext context)
    {
        var settings = context.Settings;
        if (settings.GetValueOrDefault("Url") is not { Length: > 0 } url)
            yield break;
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var baseUrl))
            throw new ArgumentException($"Remote ASR Url '{url}' is not an absolute URL.");

        yield return new RemoteAsrRecognizer(new RemoteAsrOptions(baseUrl, settings.GetValueOrDefault("Model") ?? "whisper-1", settings.GetValueOrDefault("Name") ?? "remote-asr")
        {
            ApiKey = settings.GetValueOrDefault("ApiKey"),
            UseApiKeyHeader = string.Equals(settings.GetValueOrDefault("ApiKeyHeader"), "X-Api-Key", StringComparison.OrdinalIgnoreCase),
            Timeout = TimeSpan.FromSeconds(double.Parse(settings.GetValueOrDefault("TimeoutSeconds") ?? "600", CultureInfo.InvariantCulture)),
        });
    }
}
