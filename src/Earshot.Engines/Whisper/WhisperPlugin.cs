using System.Globalization;
using Earshot.Engines.SileroVad;
using Earshot.Sdk;
using Earshot.Sdk.Models;

namespace Earshot.Engines.Whisper;

/// <summary>
/// Built-in plugin "whisper": one model per ggml file installed in {models}/whisper/ by <c>earshot models install</c>
/// (named whisper-base.en, whisper-small …), or one model from ModelPath (named by Name, default "whisper"). With no
/// weights it offers nothing. Settings (all optional): Models (comma-separated variants to load, default all installed),
/// ModelPath, Name, Language ("en"; "auto" detects), PoolSize, Threads, MaxChunkSeconds, VadModelPath, Enabled.
/// Only exact catalogue file names are loaded, so a download still in progress (under a temporary name) never is.
/// </summary>
public sealed class WhisperPlugin : IEarshotPlugin
{
    public IEnumerable<IModel> CreateModels(PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Settings;
        if (Setting(settings, "Enabled") is { } enabled && !bool.Parse(enabled))
            return [];

        var vad = Setting(settings, "VadModelPath") is { } vadPath
            ? Path.GetFullPath(Path.Combine(context.ModelsDirectory, vadPath))
            : Path.Combine(context.ModelsDirectory, "silero-vad", "weights", SileroVadPlugin.DefaultModelFile);
        if (Setting(settings, "ModelPath") is { } modelPath)
        {
            var path = Path.GetFullPath(Path.Combine(context.ModelsDirectory, modelPath));
            var english = Path.GetFileName(path).Contains(".en.", StringComparison.OrdinalIgnoreCase);
            return [new WhisperRecognizer(Options(settings, Setting(settings, "Name") ?? "whisper", path, english, vad))];
        }

        var wanted = Setting(settings, "Models")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => WhisperCatalog.Find(name) ?? throw new ArgumentException($"Unknown Whisper model '{name}'. Known: {string.Join(", ", WhisperCatalog.All.Select(w => w.Variant))}."))
            .ToList();
        var models = new List<IModel>();
        foreach (var weights in wanted ?? [.. WhisperCatalog.All])
        {
            var path = WhisperCatalog.InstalledPath(context.ModelsDirectory, weights);
            if (File.Exists(path))
                models.Add(new WhisperRecognizer(Options(settings, weights.ModelName, path, weights.EnglishOnly, vad)));
            else if (wanted is not null)
                throw new FileNotFoundException($"Whisper weights '{path}' are not installed; run: earshot models install {weights.ModelName}", path);
        }
        return models;
    }

    private static WhisperOptions Options(IReadOnlyDictionary<string, string?> settings, string name, string path, bool englishOnly, string vad)
    {
        var language = englishOnly ? "en" : Setting(settings, "Language") ?? "auto";
        var defaults = new WhisperOptions { Name = name, ModelPath = path };
        return defaults with
        {
            Language = language,
            Languages = englishOnly ? ["en"] : language == "auto" ? ["*"] : [language],
            PoolSize = Int(settings, "PoolSize") ?? defaults.PoolSize,
            Threads = Int(settings, "Threads") ?? defaults.Threads,
            MaxChunkSeconds = Setting(settings, "MaxChunkSeconds") is { } max ? double.Parse(max, CultureInfo.InvariantCulture) : defaults.MaxChunkSeconds,
            VadModelPath = vad,
        };
    }

    private static int? Int(IReadOnlyDictionary<string, string?> settings, string key) =>
        Setting(settings, key) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : null;

    private static string? Setting(IReadOnlyDictionary<string, string?> settings, string key) =>
        settings.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
