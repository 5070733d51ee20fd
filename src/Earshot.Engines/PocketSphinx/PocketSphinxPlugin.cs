using System.Globalization;
using Earshot.Sdk;
using Earshot.Sdk.Models;

namespace Earshot.Engines.PocketSphinx;

/// <summary>
/// Built-in plugin for the PocketSphinx recogniser. Settings (all optional): Name, ModelPath (acoustic model folder),
/// LanguageModel, Dictionary, PoolSize, EndOfUtteranceSilence (seconds), MaxUtteranceSeconds, DecoderArguments ("-ds 2 -topn 2"), Enabled.
/// Relative paths are taken from the models directory; the defaults are Debian's pocketsphinx-en-us files.
/// </summary>
public sealed class PocketSphinxPlugin : IEarshotPlugin
{
    public IEnumerable<IModel> CreateModels(PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Settings;
        if (Setting(settings, "Enabled") is { } enabled && !bool.Parse(enabled))
            return [];

        var defaults = new PocketSphinxOptions();
        var options = defaults with
        {
            Name = Setting(settings, "Name") ?? defaults.Name,
            AcousticModelPath = PathSetting(context, "ModelPath") ?? defaults.AcousticModelPath,
            LanguageModelPath = PathSetting(context, "LanguageModel") ?? defaults.LanguageModelPath,
            DictionaryPath = PathSetting(context, "Dictionary") ?? defaults.DictionaryPath,
            PoolSize = Setting(settings, "PoolSize") is { } pool ? int.Parse(pool, CultureInfo.InvariantCulture) : defaults.PoolSize,
            EndOfUtteranceSilenceSeconds = Setting(settings, "EndOfUtteranceSilence") is { } silence
                ? double.Parse(silence, CultureInfo.InvariantCulture) : defaults.EndOfUtteranceSilenceSeconds,
            MaxUtteranceSeconds = Setting(settings, "MaxUtteranceSeconds") is { } max
                ? double.Parse(max, CultureInfo.InvariantCulture) : defaults.MaxUtteranceSeconds,
            DecoderArguments = Setting(settings, "DecoderArguments") is { } arguments
                ? PocketSphinxOptions.ParseArguments(arguments) : defaults.DecoderArguments,
        };
        return [new PocketSphinxRecognizer(options)];
    }

    private static string? Setting(IReadOnlyDictionary<string, string?> settings, string key) =>
        settings.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static string? PathSetting(PluginContext context, string key) =>
        Setting(context.Settings, key) is { } path ? Path.GetFullPath(Path.Combine(context.ModelsDirectory, path)) : null;
}
