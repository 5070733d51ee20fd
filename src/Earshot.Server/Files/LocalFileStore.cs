using Microsoft.Extensions.Options;

namespace Earshot.Server.Files;

/// <summary>
/// Stores files under {data}/files; keys are validated so no key can leave that directory. Scratch directories live
/// under {data}/tmp/{process}/, beside a lock file the process holds while it runs; at start-up, the scratch of every
/// process whose lock is free (it crashed) is deleted, while processes sharing the data directory keep theirs.
/// </summary>
public sealed class LocalFileStore : IFileStore, IDisposable
{
    private readonly string _root;
    private readonly string _temp;
    private readonly FileStream _lock;

    public LocalFileStore(IOptions<EarshotOptions> options)
    {
        _root = options.Value.ResolveData("files");
        var scratch = options.Value.ResolveData("tmp");
        Directory.CreateDirectory(_root);
        Directory.CreateDirectory(scratch);
        var instance = Guid.NewGuid().ToString("N");
        _lock = new FileStream(Path.Combine(scratch, instance + LockSuffix), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        _temp = Directory.CreateDirectory(Path.Combine(scratch, instance)).FullName;
        RemoveOrphanedScratch(scratch, instance);
    }

    private const string LockSuffix = ".lock";

    /// <summary>Deletes scratch left by processes that died without cleaning up (kill -9, power loss).</summary>
    private static void RemoveOrphanedScratch(string scratch, string ours)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(scratch))
        {
            var name = Path.GetFileName(entry);
            var instance = name.EndsWith(LockSuffix, StringComparison.Ordinal) ? name[..^LockSuffix.Length] : name;
            if (instance == ours || IsHeld(Path.Combine(scratch, instance + LockSuffix)))
                continue;
            try
            {
                if (Directory.Exists(entry))
                    Directory.Delete(entry, recursive: true);
                else
                    File.Delete(entry);
            }
            catch (IOException)
            {
                // another process starting at the same moment removed it first
            }
        }
    }

    private static bool IsHeld(string lockPath)
    {
        if (!File.Exists(lockPath))
            return false;
        try
        {
            using var probe = new FileStream(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(_temp))
                Directory.Delete(_temp, recursive: true);
        }
        catch (IOException)
        {
            // something still writes there; the next start removes it
        }
        _lock.Dispose();
        File.Delete(_lock.Name);
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
