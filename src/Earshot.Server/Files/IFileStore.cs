namespace Earshot.Server.Files;

/// <summary>
/// Where file bytes live, addressed by keys like "{owner}/{file}/original.mp3". The local directory store is the
/// embedded default; engines need local paths, so a remote store would hand out a cached local copy.
/// </summary>
public interface IFileStore
{
    /// <summary>Moves a finished local file into the store under <paramref name="key"/>.</summary>
    Task PutAsync(string key, string localSourcePath, CancellationToken cancellationToken);

    Stream OpenRead(string key);

    /// <summary>A local path for engines and ffmpeg; valid while the file exists.</summary>
    string GetLocalPath(string key);

    bool Exists(string key);

    /// <summary>Removes every file whose key starts with <paramref name="prefix"/>.</summary>
    Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Bytes held under keys starting with <paramref name="prefix"/> (a user's folder: their storage use).</summary>
    long UsedBytes(string prefix);

    /// <summary>A scratch directory on the same volume, for uploads in progress.</summary>
    string CreateTempDirectory();
}
