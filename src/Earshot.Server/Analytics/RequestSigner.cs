using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Earshot.Server.Analytics;

/// <summary>
/// The ES512 (P-521) key pair that signs the server's own outgoing requests (audio downloads, callbacks) in the header
/// <see cref="HeaderName"/>. Kept in <c>{data}/keys/request-signing-es512.pem</c>, created on first use; the public half is
/// served at <c>/.well-known/jwks.json</c>.
/// </summary>
public sealed class RequestSigner
{
    public const string HeaderName = "X-Earshot-Request-Verification";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly ECDsaSecurityKey _key;
    private readonly TimeProvider _clock;

    public RequestSigner(IOptions<EarshotOptions> earshot, TimeProvider clock)
    {
        _clock = clock;
        var ecdsa = LoadOrCreate(earshot.Value.ResolveData("keys", "request-signing-es512.pem"));
        var spki = ecdsa.ExportSubjectPublicKeyInfo();
        KeyId = Base64UrlEncoder.Encode(SHA256.HashData(spki)[..16]);
        _key = new ECDsaSecurityKey(ecdsa) { KeyId = KeyId };
        var parameters = ecdsa.ExportParameters(includePrivateParameters: false);
        PublicJwk = new Dictionary<string, string>
        {
            ["kty"] = "EC", ["crv"] = "P-521", ["alg"] = "ES512", ["use"] = "sig", ["kid"] = KeyId,
            ["x"] = Base64UrlEncoder.Encode(parameters.Q.X!), ["y"] = Base64UrlEncoder.Encode(parameters.Q.Y!),
        };
    }

    public string KeyId { get; }

    /// <summary>The public key as a JSON Web Key (RFC 7517).</summary>
    public IReadOnlyDictionary<string, string> PublicJwk { get; }

    /// <summary>A JWT for one request: account_id, job_id, url, iat, jti and exp, signed ES512 with this key's kid.</summary>
    public string Sign(Guid accountId, Guid jobId, Uri url)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(
            [
                new Claim("account_id", accountId.ToString()),
                new Claim("job_id", jobId.ToString()),
                new Claim("url", url.AbsoluteUri),
                new Claim("jti", Guid.NewGuid().ToString("N")),
            ]),
            IssuedAt = now,
            Expires = now + Lifetime,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.EcdsaSha512),
        });
    }

    private static ECDsa LoadOrCreate(string path)
    {
        var ecdsa = ECDsa.Create();
        if (File.Exists(path))
        {
            ecdsa.ImportFromPem(File.ReadAllText(path));
            return ecdsa;
        }
        ecdsa.GenerateKey(ECCurve.NamedCurves.nistP521);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temp, ecdsa.ExportPkcs8PrivateKeyPem());
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
            ecdsa.ImportFromPem(File.ReadAllText(path));
        }
        return ecdsa;
    }
}
