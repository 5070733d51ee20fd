using System.Globalization;
using Earshot.Sdk;
using Earshot.Sdk.Models;

namespace Earshot.Engines.Tesseract;

/// <summary>
/// Built-in plugin for the tesseract recogniser. Settings, all optional: TessdataPath (default the Debian tessdata
/// folder), Language (tesseract code(s) such as "eng" or "eng+deu", default "eng"), PoolSize (default 2),
/// Deskew (default true), OpenMpWithinPage (default false), Name (default "tesseract", or "tesseract-{Language}").
/// </summary>
public sealed class TesseractPlugin : IEarshotPlugin
{
    public IEnumerable<IModel> CreateModels(PluginContext context)
    {
        var options = OptionsFrom(context.Settings);
        var name = Setting(context.Settings, "Name") ?? TesseractRecognizer.DefaultModelName(options.Language);
        return [new TesseractRecognizer(options, name)];
    }

    public static TesseractOptions OptionsFrom(IReadOnlyDictionary<string, string?> settings)
    {
        var defaults = new TesseractOptions();
        var poolSize = Setting(settings, "PoolSize") is { } pool
            ? int.Parse(pool, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : defaults.PoolSize;
        return new TesseractOptions(
            Setting(settings, "TessdataPath") ?? defaults.TessdataPath,
            Setting(settings, "Language") ?? defaults.Language,
            poolSize)
        {
            OpenMpWithinPage = Setting(settings, "OpenMpWithinPage") is { } openMp ? bool.Parse(openMp) : defaults.OpenMpWithinPage,
            Deskew = Setting(settings, "Deskew") is { } deskew ? bool.Parse(deskew) : defaults.Deskew,
        };
    }

    private static string? Setting(IReadOnlyDictionary<string, string?> settings, string key) =>
        settings.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
