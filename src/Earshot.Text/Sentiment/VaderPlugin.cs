using Earshot.Sdk;
using Earshot.Sdk.Models;

namespace Earshot.Text.Sentiment;

/// <summary>
/// Built-in plugin offering the VADER analyzer. Setting <c>LexiconPath</c> overrides the default
/// <c>{ModelsDirectory}/vader/vader_lexicon.txt</c>.
/// </summary>
/// <remarks>
/// When the default lexicon is not installed the plugin offers nothing (the server still starts); when a configured
/// <c>LexiconPath</c> is missing, <see cref="CreateModels"/> throws <see cref="FileNotFoundException"/>.
/// </remarks>
public sealed class VaderPlugin : IEarshotPlugin
{
    /// <summary>The settings key for the lexicon file.</summary>
    public const string LexiconPathSetting = "LexiconPath";

    /// <inheritdoc />
    public IEnumerable<IModel> CreateModels(PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Settings.TryGetValue(LexiconPathSetting, out var configured) && !string.IsNullOrWhiteSpace(configured))
            return [VaderAnalyzer.Load(configured)];

        var path = DefaultLexiconPath(context.ModelsDirectory);
        return File.Exists(path) ? [VaderAnalyzer.Load(path)] : [];
    }

    /// <summary>Where scripts/install-models.sh puts the lexicon under a models directory.</summary>
    public static string DefaultLexiconPath(string modelsDirectory) => Path.Combine(modelsDirectory, "vader", "vader_lexicon.txt");
}
