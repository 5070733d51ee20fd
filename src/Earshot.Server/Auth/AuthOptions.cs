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

    /// <summary>Shortest password accepted at registration.</summary>
    [Range(10, 256)]
    public int MinPasswordLength { get; set; } = 10;

    /// <summary>Sign-in attempts (POST /v1/auth/token) one account may receive per LoginWindow; more get 429 with Retry-After.</summary>
    [Range(1, 1_000_000)]
    public int LoginAttemptsPerAccount { get; set; } = 10;

    /// <summary>Sign-in attempts one client address may make per LoginWindow, whatever the account.</summary>
    [Range(1, 1_000_000)]
    public int LoginAttemptsPerAddress { get; set; } = 60;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LoginWindow { get; set; } = TimeSpan.FromMinutes(1);
}
