using Microsoft.Extensions.Options;

namespace Earshot.Server.Auth;

/// <summary>
/// What a new password must be: at least Auth:MinPasswordLength characters (10 or more), not the user name, and not
/// one of the common passwords in common-passwords.txt (its header names the source and licence).
/// </summary>
public sealed class PasswordPolicy(IOptions<AuthOptions> options)
{
    private static readonly Lazy<HashSet<string>> Common = new(LoadCommon);

    /// <summary>Why the password is refused, or null when it is acceptable.</summary>
    public string? Problem(string? password, string userName)
    {
        var min = options.Value.MinPasswordLength;
        if (string.IsNullOrEmpty(password) || password.Length < min)
            return $"password must have at least {min} characters.";
        if (string.IsNullOrWhiteSpace(password))
            return "password must not be only spaces.";
        if (string.Equals(password.Trim(), userName, StringComparison.OrdinalIgnoreCase)
            || UserNames.Key(password.Trim()) == UserNames.Key(userName))
            return "password must not be the user name.";
        if (Common.Value.Contains(password.Trim().ToLowerInvariant()))
            return "password is one of the most common passwords; choose another.";
        return null;
    }

    private static HashSet<string> LoadCommon()
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("Earshot.Server.Auth.common-passwords.txt")
            ?? throw new InvalidOperationException("The common password list is not embedded.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0 && !line.StartsWith('#'))
                set.Add(line);
        return set;
    }
}
