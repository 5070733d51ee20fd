using Earshot.Server.Auth;
using Earshot.Server.Infrastructure;

namespace Earshot.Server.Cli;

/// <summary>`earshot users add NAME [--admin] [--data DIR]`: creates an account from the operator's shell; the password is
/// the first line of standard input, so it never shows in the process list or shell history.</summary>
public static class UsersCommand
{
    public static async Task<int> RunAsync(string name, bool admin, string[] settings)
    {
        var password = Console.In.ReadLine();

        var app = EarshotCli.BuildApp([.. settings, "--Database:MigrateOnStartup=false"]);
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<EarshotDb>().MigrateAsync(CancellationToken.None);
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        var (user, problem) = await accounts.CreateAsync(name, password, null, null, admin ? true : null, CancellationToken.None);
        if (user is null)
        {
            Console.Error.WriteLine($"earshot: {problem}");
            return 1;
        }
        Console.WriteLine($"Created user {user.UserName} ({user.Id}){(user.IsAdmin ? ", administrator" : "")}.");
        return 0;
    }
}
