namespace Earshot.Server.Models;

/// <summary>
/// The "Models" section: which built-in engines run, extra instances of an engine with other settings, and
/// where drop-in plugin assemblies live. Example:
/// <code>
/// "Models": {
///   "Disabled": [ "ppocr" ],
///   "Builtin": { "pocketsphinx": { "PoolSize": "4" } },
///   "Instances": [ { "Plugin": "tesseract", "Settings": { "Language": "deu", "Name": "tesseract-deu" } } ],
///   "PluginsDirectory": "/var/lib/earshot/plugins"
/// }
/// </code>
/// </summary>
public sealed class ModelOptions
{
    public const string Section = "Models";

    /// <summary>Model names (or plugin names) not to load.</summary>
    public string[] Disabled { get; set; } = [];

    /// <summary>Settings per built-in plugin, by plugin name.</summary>
    public Dictionary<string, Dictionary<string, string?>> Builtin { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>More instances of a built-in plugin with their own settings (another language, other model files).</summary>
    public List<ModelInstanceOptions> Instances { get; set; } = [];

    /// <summary>Folder whose sub-folders (or *.dll files) are drop-in plugins; empty means {data}/plugins.</summary>
    public string? PluginsDirectory { get; set; }

    /// <summary>Load models in the background as the server starts, so the first request does not wait.</summary>
    public bool PreloadOnStartup { get; set; } = true;
}

public sealed class ModelInstanceOptions
{
    public string Plugin { get; set; } = "";
    public Dictionary<string, string?> Settings { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
