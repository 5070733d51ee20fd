using Earshot.Sdk.Models;

namespace Earshot.Sdk;

/// <summary>
/// Entry point of a drop-in plugin assembly: Earshot finds public non-abstract types implementing this,
/// creates each with its parameterless constructor and asks it for models once at start-up.
/// </summary>
public interface IEarshotPlugin
{
    IEnumerable<IModel> CreateModels(PluginContext context);
}

/// <summary>What a plugin is given: where model files live and its own configuration section as flat key/values.</summary>
public sealed record PluginContext(string ModelsDirectory, IReadOnlyDictionary<string, string?> Settings);
