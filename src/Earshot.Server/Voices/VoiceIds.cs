namespace Earshot.Server.Voices;

/// <summary>External ids name enrolled speakers within one account: 1–128 printable characters, no slash.</summary>
public static class VoiceIds
{
    public const int MaxLength = 128;

    public static string? Problem(string? id) => id switch
    {
        null or "" => "external_id is required.",
        { Length: > MaxLength } => $"external_id is at most {MaxLength} characters.",
        _ when id.Any(c => char.IsControl(c) || c == '/') => "external_id may not hold control characters or '/'.",
        _ when id.Trim() != id => "external_id may not start or end with white space.",
        _ => null,
    };
}
