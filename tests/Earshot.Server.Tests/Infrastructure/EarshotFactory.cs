using Earshot.Server.Infrastructure;
using Earshot.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Earshot.Server.Tests.Infrastructure;

/// <summary>The real app (real SQLite, real ffmpeg, real Hangfire workers) over an in-memory HTTP channel, in its own data directory.</summary>
public class EarshotFactory : WebApplicationFactory<Program>
{
    public EarshotFactory(IReadOnlyDictionary<string, string?>? settings = null, string? dataDirectory = null)
    {
        Settings = settings ?? new Dictionary<string, string?>();
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("earshot-test-").FullName;
    }

    public string DataDirectory { get; }
    public IReadOnlyDictionary<string, string?> Settings { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Earshot:DataDirectory", DataDirectory);
        builder.UseSetting("Earshot:ModelsDirectory", RepositoryPaths.Models);
        builder.UseSetting("Jobs:HeartbeatInterval", "00:00:00.500");
        builder.UseSetting("Testing:EchoPipeline", "true");
        // every test signs in from the same address, and shared accounts sign in many times; tests of the limits set their own
        builder.UseSetting("Auth:LoginAttemptsPerAddress", "1000000");
        builder.UseSetting("Auth:LoginAttemptsPerAccount", "1000000");
        // a slow model on a loaded 2-core CI can pass the 120 s default; JobFairnessTests set their own short limit
        builder.UseSetting("Jobs:SyncTimeout", "00:10:00");
        // streams of parallel tests fall behind real time on a loaded CI; StreamFairnessTests test admission by lag themselves
        builder.UseSetting("Streaming:MaxLagSeconds", "60");
        // each test server would otherwise create 8 stream decoders at start-up (about 8 s of CPU); tests that need decoders make their own
        builder.UseSetting("Streaming:WarmDecoders", "0");
        // Request logs of hundreds of tests would bury the one failure CI shows; warnings and errors still print.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.HttpLogging", "Warning");
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
    }

    /// <summary>Runs a query against the app's database, for assertions about what was (not) stored.</summary>
    public async Task<T> QueryDbAsync<T>(Func<EarshotDb, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<EarshotDb>());
    }

    /// <summary>What scratch directories hold now: the entries inside each process's folder under tmp/.</summary>
    public string[] ScratchEntries()
    {
        var root = Path.Combine(DataDirectory, "tmp");
        return Directory.Exists(root) ? Directory.GetDirectories(root).SelectMany(Directory.GetFileSystemEntries).ToArray() : [];
    }

    /// <summary>Every file currently in the store (relative paths).</summary>
    public string[] StoredFiles()
    {
        var root = Path.Combine(DataDirectory, "files");
        return Directory.Exists(root)
            ? Directory.GetFiles(root, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(root, p)).Order().ToArray()
            : [];
    }
}

/// <summary>One app shared by a collection of test classes; tests isolate themselves by registering their own users.
/// "root-admin" is an administrator by configuration, whoever registers first.</summary>
public sealed class SharedServer() : EarshotFactory(new Dictionary<string, string?> { ["Auth:AdminUsers:0"] = "root-admin" });

[CollectionDefinition(Name)]
public sealed class SharedServerCollection : ICollectionFixture<SharedServer>
{
    public const string Name = "shared server";
}
