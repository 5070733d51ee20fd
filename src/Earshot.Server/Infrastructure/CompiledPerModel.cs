using System.Collections.Concurrent;

namespace Earshot.Server.Infrastructure;

/// <summary>
/// A compiled EF query, compiled once per context type. A compiled query serves only the model it was first run
/// with, and the SQLite and PostgreSQL contexts have models of their own (one process may use both, as the jobs bench does).
/// </summary>
public sealed class CompiledPerModel<TQuery>(Func<TQuery> compile) where TQuery : Delegate
{
    private readonly ConcurrentDictionary<Type, TQuery> queries = new();

    public TQuery For(EarshotDb db) => queries.GetOrAdd(db.GetType(), _ => compile());
}
