using System.Security.Cryptography;
using System.Text;

namespace Earshot.Server.Auth;

/// <summary>API keys are random 32-byte secrets; only their SHA-256 is stored, so a leaked database leaks no keys.</summary>
public static class ApiKeyHasher
{
    public const string KeyPrefix = "esk_";

    public static string NewKey() => KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
