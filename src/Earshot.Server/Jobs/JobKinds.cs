namespace Earshot.Server.Jobs;

/// <summary>
/// The registered pipelines by kind. Resolving every <see cref="IJobPipeline"/> to find one built each pipeline and its
/// services on every submit and every run; this builds only the one asked for, from the caller's scope.
/// </summary>
public sealed class JobKinds
{
    private readonly Dictionary<string, ObjectFactory> _factories = new(StringComparer.Ordinal);

    public JobKinds(IServiceScopeFactory scopes)
    {
        // Kind is an instance property, so each pipeline is built once here to read it.
        using var scope = scopes.CreateScope();
        foreach (var pipeline in scope.ServiceProvider.GetServices<IJobPipeline>())
            _factories[pipeline.Kind] = ActivatorUtilities.CreateFactory(pipeline.GetType(), Type.EmptyTypes);
        Names = [.. _factories.Keys];
    }

    public IReadOnlyList<string> Names { get; }

    public bool Exists(string kind) => _factories.ContainsKey(kind);

    /// <summary>A new pipeline of <paramref name="kind"/> whose services come from <paramref name="scope"/>; null for an unknown kind.</summary>
    /// <remarks>The scope does not dispose what this builds: a pipeline holds nothing of its own to dispose, its services do.</remarks>
    public IJobPipeline? Create(string kind, IServiceProvider scope) =>
        _factories.TryGetValue(kind, out var factory) ? (IJobPipeline)factory(scope, null) : null;
}
