namespace Earshot.Server.Entities;

public sealed class User
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string UserName { get; set; }

    /// <summary>Upper-cased user name; unique, so "Ann" and "ann" cannot both register.</summary>
    public required string NormalizedUserName { get; set; }
    public string? Email { get; set; }
    public string? FullName { get; set; }
    public required string PasswordHash { get; set; }
    public bool IsAdmin { get; set; }
    public bool Disabled { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
}
