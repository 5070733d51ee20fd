using Microsoft.Extensions.Options;

namespace Earshot.Server.Files;

/// <summary>Stores files under {data}/files; keys are validated so no key can leave that directory.</summary>
public sealed class LocalFileStore : IFileStore
{
    private readonly string _root;
    private readonly string _temp;

    public LocalFileStore(IOptions<EarshotOptions> options)
    {
        _root = options.Value.ResolveData("files");
        _temp = options.Value.ResolveData("tmp");
        Directory.CreateDirectory(_root);
        Directory.CreateDirectory(_temp);
    }

    public Task PutAsync(string key, string localSourcePath, CancellationToken cancellationToken)
    {
        var target = GetLocalPath(key);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(localSourcePath, target, overwrite: true);
        return Task.CompletedTask;
    }

    public Stream OpenRead(string key) =>
        new FileStream(GetLocalPath(key), FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);

    public string GetLocalPath(string key)
    {
        var path = Path.GetFullPath(Path.Combine(_root, key));
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"Invalid store key '{key}'.", nameof(key));
        return path;
    }

    public bool Exists(string key) => File.Exists(GetLocalPath(key));

    public Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        var path = GetLocalPath(prefix.TrimEnd('/'));
        if (Directory.Exists(path))
            Directory.Delete(path, recursive: true);
        else if (File.Exists(path))
            File.Delete(path);
        return Task.CompletedTask;
    }

    public long UsedBytes(string prefix)
    {
        var path = GetLocalPath(prefix.TrimEnd('/'));
        return Directory.Exists(path)
            ? new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length)
            : File.Exists(path) ? new FileInfo(path).Length : 0;
    }

    public string CreateTempDirectory() => Directory.CreateDirectory(Path.Combine(_temp, Guid.NewGuid().ToString("N"))).FullName;
}
