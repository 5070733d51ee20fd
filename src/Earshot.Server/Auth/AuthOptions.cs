using System.ComponentModel.DataAnnotations;

namespace Earshot.Server.Auth;

/// <summary>The "Auth" section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    [Range(typeof(TimeSpan), "00:00:10", "30.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>User names that are administrators in addition to the first registered user.</summary>
    public string[] AdminUsers { get; set; } = [];

    /// <summary>Signing key file; empty means keys/jwt-signing.key in the data directory.</summary>
    public string? SigningKeyPath { get; set; }

    [Range(8, 256)]
    public int MinPasswordLength { get; set; } = 8;
}
