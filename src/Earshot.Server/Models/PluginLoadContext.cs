using System.Reflection;
using System.Runtime.Loader;

namespace Earshot.Server.Models;

/// <summary>
/// Each drop-in plugin gets its own load context, so its dependencies cannot clash with Earshot's or another
/// plugin's. Earshot.Sdk (and anything the host already loaded) comes from the host, so the contract types match.
/// </summary>
internal sealed class PluginLoadContext(string pluginPath) : AssemblyLoadContext(Path.GetFileNameWithoutExtension(pluginPath), isCollectible: false)
{
    private readonly AssemblyDependencyResolver _resolver = new(pluginPath);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (Default.Assemblies.FirstOrDefault(a => a.GetName().Name == assemblyName.Name) is { } shared)
            return shared;
        return _resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
}
