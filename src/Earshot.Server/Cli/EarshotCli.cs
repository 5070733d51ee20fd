using System.CommandLine;
using System.CommandLine.Parsing;
using Earshot.Server.Extensions;
using Earshot.Server.Infrastructure;

namespace Earshot.Server.Cli;

/// <summary>
/// `earshot COMMAND [options]`. Options of serve are .NET configuration keys, so --urls, --data and
/// environment variables (Earshot__DataDirectory …) all work the standard way; any other option must be a configuration
/// key (`--Section:Key=value`), so a misspelled flag is a usage error (exit code 2) instead of a setting nobody reads.
/// Measurement and training commands live in the lab (`./earshot-lab`, tools/Earshot.Lab).
/// </summary>
public static class EarshotCli
{
    public const int UsageError = 2;

    private static readonly Dictionary<string, string> SwitchMappings = new()
    {
        ["--data"] = "Earshot:DataDirectory",
        ["--workers"] = "Jobs:WorkerCount",
    };

    public static async Task<int> RunAsync(string[] args)
    {
        // options alone (`earshot --urls …`) start the server
        if (args.Length > 0 && args[0].StartsWith('-') && args[0] is not ("--help" or "-h" or "-?"))
            args = ["serve", .. args];
        var root = CreateCommandLine();
        var result = root.Parse(args);
        // failures propagate as they would without the parser: the test host and `dotnet run` see the real exception
        if (result.Errors.Count == 0)
            return await result.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        foreach (var error in result.Errors)
            await Console.Error.WriteLineAsync($"earshot: {error.Message}");
        return Usage(root, result);
    }

    private static RootCommand CreateCommandLine()
    {
        var serve = HostCommand("serve", "Run the HTTP server (default http://127.0.0.1:8080, data in ./.data); --workers 0: API only, jobs run on "
                + "worker nodes (Database:Provider=PostgreSQL, docs/operations.md).",
            new Option<string>("--urls") { Description = "Where to listen, e.g. http://127.0.0.1:9000." },
            new Option<int>("--workers") { Description = "Job workers (Jobs:WorkerCount); 0: none in this process." },
            new Option<string>("--environment") { Description = "Hosting environment (Production, Development …)." },
            new Option<string>("--contentRoot") { Description = "Folder of appsettings.json (default: beside the binary)." });
        serve.SetAction(async (parsed, cancellationToken) =>
        {
            if (ConfigurationArguments(parsed) is not { } rest)
                return UsageError;
            await BuildApp(WorkerSwitches(rest)).RunAsync(cancellationToken);
            return 0;
        });

        var worker = HostCommand("worker", "Run jobs from the shared PostgreSQL queues, serve no HTTP (docs/operations.md).",
            new Option<int>("--workers") { Description = "Job workers (Jobs:WorkerCount)." });
        worker.SetAction(async parsed => ConfigurationArguments(parsed) is { } rest ? await WorkerCommand.RunAsync(WorkerSwitches(rest)) : UsageError);

        var migrate = HostCommand("migrate", "Create or upgrade the database (SQLite or PostgreSQL: --Database:Provider=PostgreSQL --ConnectionStrings:Earshot=…), then exit.");
        migrate.SetAction(async (parsed, cancellationToken) =>
            ConfigurationArguments(parsed) is { } rest ? await MigrateAsync(rest, cancellationToken) : UsageError);

        var name = new Argument<string>("NAME") { Description = "The account's user name." };
        var admin = new Option<bool>("--admin") { Description = "An administrator account." };
        var add = HostCommand("add", "Create an account (an administrator with --admin); the password is read from standard input.", admin);
        add.Arguments.Add(name);
        add.SetAction(async parsed =>
            ConfigurationArguments(parsed) is { } rest ? await UsersCommand.RunAsync(parsed.GetRequiredValue(name), parsed.GetValue(admin), rest) : UsageError);

        return new RootCommand("Earshot: a self-hosted speech-analysis server. Measurements and training: ./earshot-lab --help.")
        {
            serve,
            worker,
            new Command("db", "Database maintenance.") { migrate },
            new Command("users", "Accounts.") { add },
            PassThrough("models", "List or install downloadable model weights (earshot models for usage).",
                rest => ModelsCommand.RunAsync(rest, Console.Out, Console.Error)),
            PassThrough("stream", "Stream a recording to a server, print partials and the transcript (earshot stream for usage).", StreamCommand.RunAsync),
            Help(),
        };
    }

    /// <summary>A command that starts the host: --data and configuration keys (`--Section:Key=value`) besides its own options.</summary>
    private static Command HostCommand(string name, string description, params Option[] options)
    {
        var command = new Command(name, description)
        {
            new Option<string>("--data") { Description = "Data directory (earshot.db, files/, keys/).", HelpName = "DIR" },
        };
        foreach (var option in options)
            command.Options.Add(option);
        command.TreatUnmatchedTokensAsErrors = false;
        return command;
    }

    /// <summary>
    /// The command's arguments for the host's configuration, when every token the command does not know is a configuration
    /// setting (`--Key=value`, `--Section:Key=value` or `--Section:Key value`; the test host passes `--environment=…` and
    /// empty sections this way); otherwise prints a usage error and returns null.
    /// </summary>
    private static string[]? ConfigurationArguments(ParseResult parsed)
    {
        var unknown = new List<string>();
        var expectValue = false;
        foreach (var token in parsed.UnmatchedTokens)
        {
            var key = token.Split('=', 2)[0];
            if (expectValue && !token.StartsWith('-'))
                expectValue = false;
            else if (key.StartsWith("--", StringComparison.Ordinal) && (token.Contains('=') || key.Contains(':')))
                expectValue = !token.Contains('=');
            else
                unknown.Add(token);
        }
        if (unknown.Count == 0)
        {
            // the host's own options (--data, --urls …) as the configuration reads them; flags such as --admin are not settings
            var options = parsed.CommandResult.Children.OfType<OptionResult>()
                .Where(o => !o.Implicit && o.Option.ValueType != typeof(bool))
                .SelectMany(o => o.Tokens.Select(t => new[] { o.Option.Name, t.Value }).SelectMany(x => x));
            return [.. options, .. parsed.UnmatchedTokens];
        }
        Console.Error.WriteLine($"earshot: unknown option or argument {string.Join(", ", unknown.Select(u => $"'{u}'"))} " +
            "(settings are given as --Section:Key=value).");
        Usage(CreateCommandLine(), parsed);
        return null;
    }

    /// <summary>A command that parses its own arguments (strictly: unknown options are errors there too).</summary>
    private static Command PassThrough(string name, string description, Func<string[], Task<int>> run)
    {
        var command = new Command(name, description) { TreatUnmatchedTokensAsErrors = false };
        command.Arguments.Add(new Argument<string[]>("ARGS") { Arity = ArgumentArity.ZeroOrMore, Hidden = true });
        command.SetAction(parsed => run([.. parsed.Tokens.SkipWhile(t => t.Value != name).Skip(1).Select(t => t.Value)]));
        return command;
    }

    private static Command Help()
    {
        var command = new Command("help", "This text.");
        command.SetAction(_ => CreateCommandLine().Parse(["--help"]).Invoke());
        return command;
    }

    /// <summary>Prints the help of the command being parsed on stderr; returns the usage error exit code.</summary>
    private static int Usage(RootCommand root, ParseResult result)
    {
        var path = new List<string>();
        for (var command = result.CommandResult; command.Parent is CommandResult parent; command = parent)
            path.Insert(0, command.Command.Name);
        root.Parse([.. path, "--help"]).Invoke(new InvocationConfiguration { Output = Console.Error });
        return UsageError;
    }

    /// <summary>`--workers 0` means no workers in this process (an API-only node); Jobs:WorkerCount itself is at least 1.</summary>
    internal static string[] WorkerSwitches(string[] args)
    {
        var index = Array.IndexOf(args, "--workers");
        return index >= 0 && index + 1 < args.Length && args[index + 1] == "0"
            ? [.. args[..index], .. args[(index + 2)..], "--Jobs:RunWorkers=false"]
            : args;
    }

    /// <summary>The configuration every command reads: appsettings.json beside the binary, environment, then the command line.</summary>
    internal static void Configure(IHostApplicationBuilder builder, string[] args)
    {
        builder.Configuration.AddCommandLine(args, SwitchMappings);
        if (Environment.GetEnvironmentVariable("EARSHOT_MODELS") is { Length: > 0 } models)
            builder.Configuration["Earshot:ModelsDirectory"] = models;
    }

    public static WebApplication BuildApp(string[] args)
    {
        // appsettings.json ships beside the binary; the working directory only anchors relative data paths.
        var builder = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            ? WebApplication.CreateBuilder(args)
            : WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        Configure(builder, args);
        if (builder.Configuration["urls"] is null && builder.Configuration["ASPNETCORE_URLS"] is null)
            builder.WebHost.UseUrls("http://127.0.0.1:8080");
        builder.AddEarshotServer();
        var app = builder.Build();
        app.MapEarshot();
        return app;
    }

    private static async Task<int> MigrateAsync(string[] args, CancellationToken cancellationToken)
    {
        var app = BuildApp([.. args, "--Database:MigrateOnStartup=false"]);
        await using var scope = app.Services.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<EarshotDb>().MigrateAsync(cancellationToken);
        }
        catch (System.Data.Common.DbException ex)
        {
            // an unreachable or refusing server is an operator's error to read, not a crash
            Console.Error.WriteLine($"earshot db migrate: {ex.Message}");
            return 1;
        }
        Console.WriteLine("Database is up to date.");
        return 0;
    }
}
