using System.Security.Cryptography;

namespace Earshot.Engines.Whisper;

/// <summary>What an installation did, in words for the person who ran it.</summary>
public sealed record WhisperInstallOutcome(bool Succeeded, string Message, string? Warning = null);

/// <summary>
/// Puts official ggml weights into {models}/whisper/, downloaded or from a file the user brought. The bytes go to a
/// temporary name in the same folder and are hashed on the way; only a file whose SHA-256 matches the pinned value
/// (or any file, with verification turned off) is renamed into place, so the server never sees half a file.
/// </summary>
public sealed class WhisperInstaller(HttpClient http)
{
    public async Task<WhisperInstallOutcome> InstallAsync(WhisperWeights weights, string modelsDirectory, string? fromFile, bool verify,
        string baseUrl = WhisperWeights.OfficialBaseUrl, CancellationToken cancellationToken = default)
    {
        var target = WhisperCatalog.InstalledPath(modelsDirectory, weights);
        if (verify && File.Exists(target) && await HashAsync(target, cancellationToken) == weights.Sha256)
            return new(true, $"{weights.ModelName} is already installed at {target}.");

        var url = weights.DownloadUrl(baseUrl);
        if (fromFile is not null && !File.Exists(fromFile))
            return new(false, $"File '{fromFile}' does not exist.");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = $"{target}.{Guid.NewGuid():N}.partial";
        try
        {
            string sha256;
            if (fromFile is not null)
            {
                await using var source = File.OpenRead(fromFile);
                sha256 = await CopyHashingAsync(source, temporary, cancellationToken);
            }
            else
            {
                HttpResponseMessage response;
                try
                {
                    response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                }
                catch (HttpRequestException ex)
                {
                    return new(false, Offline(weights, url, ex.Message));
                }
                catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    return new(false, Offline(weights, url, ex.Message));
                }
                using (response)
                {
                    if (!response.IsSuccessStatusCode)
                        return new(false, $"Downloading {url} failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase}.{Environment.NewLine}{FromHint(weights)}");
                    await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                    try
                    {
                        sha256 = await CopyHashingAsync(body, temporary, cancellationToken);
                    }
                    catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
                    {
                        return new(false, Offline(weights, url, ex.Message));
                    }
                }
            }

            string? warning = null;
            if (sha256 != weights.Sha256)
            {
                if (verify)
                    return new(false, $"Checksum mismatch for {weights.FileName}: expected SHA-256 {weights.Sha256}, got {sha256}. Nothing was installed.");
                warning = $"warning: {weights.FileName} was NOT verified (--no-verify): its SHA-256 is {sha256}, the official file's is {weights.Sha256}.";
            }
            File.Move(temporary, target, overwrite: true);
            return new(true, $"Installed {weights.ModelName} at {target} (SHA-256 {sha256}). Restart the server to load it.", warning);
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }

    public static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    private static async Task<string> CopyHashingAsync(Stream source, string destination, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var buffer = new byte[1 << 16];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        await output.FlushAsync(cancellationToken);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static string Offline(WhisperWeights weights, Uri url, string reason) =>
        $"Could not download {url} ({reason}). Is this machine offline?{Environment.NewLine}{FromHint(weights)}";

    private static string FromHint(WhisperWeights weights) =>
        $"Download {weights.FileName} ({weights.Bytes:N0} bytes) on a machine that can, then install it with:{Environment.NewLine}" +
        $"  earshot models install {weights.ModelName} --from FILE";
}
