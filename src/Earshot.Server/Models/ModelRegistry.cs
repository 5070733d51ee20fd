using System.Reflection;
using Earshot.Sdk;
using Earshot.Sdk.Models;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Models;

/// <summary>A plugin or model that failed to load; shown by /health and the models routes, never fatal.</summary>
public sealed record ModelLoadFailure(string Source, string Error);

/// <summary>
/// Every model the server can use, loaded once and shared: built-in engines, configured instances of them,
/// and drop-in plugin assemblies. Loading is lazy and thread-safe; the first caller waits for it.
/// </summary>
public sealed class ModelRegistry : IDisposable
{
    private readonly Lazy<(IReadOnlyList<IModel> Models, IReadOnlyList<ModelLoadFailure> Failures)> _loaded;
    private readonly ILogger<ModelRegistry> _logger;

    public ModelRegistry(IOptions<ModelOptions> options, IOptions<EarshotOptions> earshot, BuiltinPlugins builtins, ILogger<ModelRegistry> logger)
    {
        _logger = logger;
        _loaded = new(() => Load(options.Value, earshot.Value, builtins), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public IReadOnlyList<IModel> Models => _loaded.Value.Models;
    public IReadOnlyList<ModelLoadFailure> Failures => _loaded.Value.Failures;
    public bool IsLoaded => _loaded.IsValueCreated;

    public IEnumerable<T> OfType<T>() where T : IModel => Models.OfType<T>();

    /// <summary>The model of type <typeparamref name="T"/> named <paramref name="name"/> (case-insensitive), or null.</summary>
    public T? Find<T>(string? name) where T : class, IModel =>
        OfType<T>().FirstOrDefault(m => string.Equals(m.Info.Name, name, StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<string> NamesOf<T>() where T : IModel => OfType<T>().Select(m => m.Info.Name).ToList();

    private (IReadOnlyList<IModel>, IReadOnlyList<ModelLoadFailure>) Load(ModelOptions options, EarshotOptions earshot, BuiltinPlugins builtins)
    {
        var models = new List<IModel>();
        var failures = new List<ModelLoadFailure>();
        var modelsDirectory = Path.GetFullPath(earshot.ModelsDirectory);
        var disabled = new HashSet<string>(options.Disabled, StringComparer.OrdinalIgnoreCase);

        void Add(string source, IEarshotPlugin plugin, IReadOnlyDictionary<string, string?> settings)
        {
            try
            {
                foreach (var model in plugin.CreateModels(new PluginContext(modelsDirectory, settings)))
                {
                    if (disabled.Contains(model.Info.Name))
                        (model as IDisposable)?.Dispose();
                    else if (models.Any(m => m.Info.Name.Equals(model.Info.Name, StringComparison.OrdinalIgnoreCase)))
                        failures.Add(new ModelLoadFailure(source, $"A model named '{model.Info.Name}' is already loaded; this one was skipped."));
                    else
                        models.Add(model);
                }
            }
            catch (Exception ex)
            {
                failures.Add(new ModelLoadFailure(source, $"{ex.GetType().Name}: {ex.Message}"));
                ModelLog.LoadFailed(_logger, source, ex);
            }
        }

        foreach (var (name, factory) in builtins.All)
        {
            if (!disabled.Contains(name))
                Add($"builtin:{name}", factory(), options.Builtin.GetValueOrDefault(name) ?? new());
        }
        foreach (var instance in options.Instances)
        {
            if (builtins.All.TryGetValue(instance.Plugin, out var factory))
                Add($"instance:{instance.Plugin}", factory(), instance.Settings);
            else
                failures.Add(new ModelLoadFailure($"instance:{instance.Plugin}", $"No built-in plugin named '{instance.Plugin}'. Known: {string.Join(", ", builtins.All.Keys)}."));
        }

        var pluginsDirectory = string.IsNullOrWhiteSpace(options.PluginsDirectory) ? earshot.ResolveData("plugins") : Path.GetFullPath(options.PluginsDirectory);
        foreach (var assemblyPath in FindPluginAssemblies(pluginsDirectory))
        {
            var source = $"plugin:{Path.GetRelativePath(pluginsDirectory, assemblyPath)}";
            try
            {
                var assembly = new PluginLoadContext(assemblyPath).LoadFromAssemblyPath(assemblyPath);
                var types = assembly.GetExportedTypes().Where(t => typeof(IEarshotPlugin).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false }).ToList();
                if (types.Count == 0)
                    failures.Add(new ModelLoadFailure(source, "The assembly has no public IEarshotPlugin implementation."));
                foreach (var type in types)
                {
                    var settings = options.Builtin.GetValueOrDefault(type.Name) ?? new();
                    IEarshotPlugin plugin;
                    try
                    {
                        plugin = (IEarshotPlugin)Activator.CreateInstance(type)!;
                    }
                    catch (TargetInvocationException ex)
                    {
                        failures.Add(new ModelLoadFailure($"{source}:{type.Name}", $"{ex.InnerException?.GetType().Name}: {ex.InnerException?.Message}"));
                        continue;
                    }
                    Add($"{source}:{type.Name}", plugin, settings);
                }
            }
            catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or FileNotFoundException or ReflectionTypeLoadException or TypeLoadException)
            {
                failures.Add(new ModelLoadFailure(source, $"{ex.GetType().Name}: {ex.Message}"));
                ModelLog.LoadFailed(_logger, source, ex);
            }
        }

        ModelLog.Loaded(_logger, models.Count, failures.Count);
        return (models, failures);
    }

    /// <summary>plugins/NAME/NAME.dll (a folder per plugin, with its dependencies) or plugins/NAME.dll.</summary>
    private static IEnumerable<string> FindPluginAssemblies(string directory)
    {
        if (!Directory.Exists(directory))
            yield break;
        foreach (var dll in Directory.GetFiles(directory, "*.dll").Order())
            yield return dll;
        foreach (var folder in Directory.GetDirectories(directory).Order())
        {
            var main = Path.Combine(folder, Path.GetFileName(folder) + ".dll");
            if (File.Exists(main))
                yield return main;
        }
    }

    public void Dispose()
    {
        if (!_loaded.IsValueCreated)
            return;
        foreach (var model in _loaded.Value.Models.OfType<IDisposable>())
            model.Dispose();
    }
}

internal static partial class ModelLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Could not load models from {Source}")]
    public static partial void LoadFailed(ILogger logger, string source, Exception exception);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Loaded {Count} model(s), {Failures} failure(s)")]
    public static partial void Loaded(ILogger logger, int count, int failures);
}
