using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Earshot.Server.Auth;

/// <summary>
/// Loads the HMAC key that signs access tokens, creating it on first start. It lives in the data directory
/// so tokens survive restarts and every process sharing that directory accepts the same tokens.
/// </summary>
public sealed class SigningKeyStore
{
    public SigningKeyStore(IOptions<AuthOptions> auth, IOptions<EarshotOptions> earshot)
    {
        var path = string.IsNullOrWhiteSpace(auth.Value.SigningKeyPath)
            ? earshot.Value.ResolveData("keys", "jwt-signing.key")
            : Path.GetFullPath(auth.Value.SigningKeyPath);
        Key = new SymmetricSecurityKey(LoadOrCreate(path)) { KeyId = "earshot-1" };
    }

    public SymmetricSecurityKey Key { get; }

    private static byte[] LoadOrCreate(string path)
    {
        if (File.Exists(path))
            return Convert.FromBase64String(File.ReadAllText(path).Trim());

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(64);
        var temp = path + ".tmp";
        File.WriteAllText(temp, Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process sharing the data directory created it first; use theirs.
            File.Delete(temp);
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        return key;
    }
}
