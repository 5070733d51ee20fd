using System.Globalization;
using Earshot.Sdk;
using Earshot.Sdk.Models;

namespace Earshot.Engines.PaddleOcr;

/// <summary>Built-in plugin offering "ppocr". Settings (all optional): ModelsDirectory (folder with the PP-OCR files,
/// default {models}/ppocr/assets), Name, Threads, DetectionMaxSide, UseDirectionClassifier, MinConfidence, ConvertPath.</summary>
public sealed class PaddleOcrPlugin : IEarshotPlugin
{
    public IEnumerable<IModel> CreateModels(PluginContext context)
    {
        var settings = context.Settings;
        var defaults = new PaddleOcrOptions { ModelsDirectory = "" };
        var options = defaults with
        {
            ModelsDirectory = ResolveDirectory(Get(settings, "ModelsDirectory") ?? context.ModelsDirectory, defaults.DetectionModelFile),
            Threads = GetInt(settings, "Threads") ?? defaults.Threads,
            DetectionMaxSide = GetInt(settings, "DetectionMaxSide") ?? defaults.DetectionMaxSide,
            UseDirectionClassifier = Get(settings, "UseDirectionClassifier") is { } flag ? bool.Parse(flag) : defaults.UseDirectionClassifier,
            MinConfidence = Get(settings, "MinConfidence") is { } min ? double.Parse(min, CultureInfo.InvariantCulture) : defaults.MinConfidence,
            ConvertPath = Get(settings, "ConvertPath") ?? defaults.ConvertPath,
        };
        yield return Get(settings, "Name") is { } name
            ? new PaddleOcrRecognizer(options) { Info = PaddleOcrRecognizer.DefaultInfo with { Name = name } }
            : new PaddleOcrRecognizer(options);
    }

    /// <summary>Accepts the assets folder itself, the package folder above it, or the models root.</summary>
    internal static string ResolveDirectory(string directory, string probeFile)
    {
        foreach (var candidate in (string[])[directory, Path.Combine(directory, "assets"), Path.Combine(directory, "ppocr", "assets")])
            if (File.Exists(Path.Combine(candidate, probeFile)))
                return candidate;
        return Path.Combine(directory, "ppocr", "assets");
    }

    private static string? Get(IReadOnlyDictionary<string, string?> settings, string key) =>
        settings.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    private static int? GetInt(IReadOnlyDictionary<string, string?> settings, string key) =>
        Get(settings, key) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : null;
}
