using System.Data;
using Earshot.Server.Infrastructure;
using Earshot.Server.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Auth;

/// <summary>Creates accounts for registration and for `earshot users add`, under the same name and password rules.</summary>
public sealed class UserAccounts(EarshotDb db, IPasswordHasher<User> hasher, PasswordPolicy passwords, IOptions<AuthOptions> options)
{
    /// <summary>
    /// Creates a user. <paramref name="admin"/> null means "administrator when first, or named in Auth:AdminUsers".
    /// Returns the user, or why it was refused.
    /// </summary>
    public async Task<(User? User, string? Problem)> CreateAsync(string? userName, string? password, string? email, string? fullName,
        bool? admin, CancellationToken cancellationToken)
    {
        var name = userName is null ? null : UserNames.Normalize(userName);
        if (UserNames.Problem(name) is { } nameProblem)
            return (null, nameProblem);
        if (passwords.Problem(password, name!) is { } passwordProblem)
            return (null, passwordProblem);

        var user = new User
        {
            UserName = name!,
            NormalizedUserName = UserNames.Key(name!),
            Email = email,
            FullName = fullName,
            PasswordHash = "",
        };
        user.PasswordHash = hasher.HashPassword(user, password!);

        // Serializable (on SQLite, BEGIN IMMEDIATE: one writer at a time), so of concurrent first registrations exactly one
        // sees an empty table and becomes administrator.
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        if (await db.Users.AnyAsync(u => u.NormalizedUserName == user.NormalizedUserName, cancellationToken))
            return (null, "Username is already taken");
        user.IsAdmin = admin ?? (!await db.Users.AnyAsync(cancellationToken)
            || options.Value.AdminUsers.Any(a => UserNames.Key(a) == user.NormalizedUserName));
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return (null, "Username is already taken");
        }
        return (user, null);
    }
}
