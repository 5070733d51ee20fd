using Earshot.Server.Extensions;
using Earshot.Server.Infrastructure;

namespace Earshot.Server.Cli;

/// <summary>
/// `earshot COMMAND [options]`. Options of serve are .NET configuration keys, so --urls, --data and
/// environment variables (Earshot__DataDirectory …) all work the standard way.
/// </summary>
public static class EarshotCli
{
    private static readonly Dictionary<string, string> SwitchMappings = new()
    {
        ["--data"] = "Earshot:DataDirectory",
        ["--workers"] = "Jobs:WorkerCount",
    };

    public static async Task<int> RunAsync(string[] args)
    {
        // options alone (`earshot --urls …`) start the server; --help and -h are commands of their own
        var named = args.Length > 0 && (!args[0].StartsWith('-') || args[0] is "--help" or "-h");
        var command = named ? args[0] : "serve";
        var rest = named ? args[1..] : args;
        switch (command)
        {
            case "serve":
                await BuildApp(WorkerSwitches(rest)).RunAsync();
                return 0;
            case "worker":
                return await WorkerCommand.RunAsync(WorkerSwitches(rest));
            case "db":
                return await MigrateAsync(rest);
            case "eval" when rest is ["keywords", ..]:
                return await KeywordEvalCommand.RunAsync(rest[1..]);
            case "eval" when rest is ["reading-words", ..]:
                return await ClassifierTraining.RunOfflineAsync(rest[1..]);
            case "eval" when rest is ["analytics", ..]:
                return await AnalyticsEvalCommand.RunAsync(rest[1..]);
            case "eval" when rest is ["speakers", ..]:
                return await SpeakerEvalCommand.RunAsync(rest[1..]);
            case "eval" when rest is ["reading", ..]:
                return await ReadingEvalCommand.RunAsync(rest[1..]);
            case "eval":
                return await EvalCommand.RunAsync(rest);
            case "stream":
                return await StreamCommand.RunAsync(rest);
            case "users":
                return await UsersCommand.RunAsync(rest);
            case "models":
                return await ModelsCommand.RunAsync(rest, Console.Out, Console.Error);
            case "help" or "--help" or "-h":
                PrintHelp();
                return 0;
            default:
                Console.Error.WriteLine($"earshot: unknown command '{command}'.");
                PrintHelp();
                return 2;
        }
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

    private static async Task<int> MigrateAsync(string[] args)
    {
        if (args.Length == 0 || args[0] != "migrate")
        {
            Console.Error.WriteLine("usage: earshot db migrate [--data DIR]");
            return 2;
        }
        var app = BuildApp([.. args[1..], "--Database:MigrateOnStartup=false"]);
        await using var scope = app.Services.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<EarshotDb>().MigrateAsync(CancellationToken.None);
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

    private static void PrintHelp() => Console.WriteLine("""
        usage: earshot COMMAND [options]

          serve [--urls URL] [--data DIR] [--workers N] [--Section:Key=value …]
                        run the HTTP server (default http://127.0.0.1:8080, data in ./.data); --workers 0: API only,
                        jobs run on worker nodes (Database:Provider=PostgreSQL, docs/operations.md)
          worker [--data DIR] [--workers N] [--Section:Key=value …]
                        run jobs from the shared PostgreSQL queues, serve no HTTP (docs/operations.md)
          db migrate [--data DIR] [--Database:Provider=PostgreSQL --ConnectionStrings:Earshot=…]
                        create or upgrade the database (SQLite or PostgreSQL), then exit
          users add NAME [--admin] [--data DIR]
                        create an account (an administrator with --admin); the password is read from standard input
          eval asr|ocr --manifest FILE [--model NAME] [--limit N]
                        word/character error rate and speed of a model over a manifest
          eval reading --manifest FILE [--limit N] [--seed N] [--methods plain,gop,joint+gop,classifier,classifier=FILE.json] [--draws K]
                        reading assessment: false errors on correct readings, recall/precision of planted deviations
                        (--methods classifier-train --train OUT.json [--dump WORDS.tsv] [--doubles K]: train the reading classifier)
          eval reading-words --words A.tsv[,B.tsv] [--drop f1,f2] [--l2 X] [--error-weight W] [--max-false F] [--write OUT.json]
                        cross-validate (or train) the reading classifier on dumps of its training words (no decoding)
          eval analytics [--eval DIR] [--threads N]
                        audio analytics classifiers (speech, gender, arousal, emotions) on their held-out speakers and
                        recordings: accuracy against chance and confusion matrices (docs/audio-analytics.md)
          eval speakers --trials FILE [--models DIR] [--lengths] [--threshold X]
          eval keywords --manifest FILE [--seed N] [--present N] [--absent N] [--threshold X] [--limit N]
                        keyword detection of the recordings analysis: recall/precision per source (transcript, acoustic, merged)
          models list [--models DIR]
          models install NAME [--from FILE] [--no-verify] [--models DIR]
                        download (or copy from FILE) Whisper weights, checked against their pinned SHA-256
          stream FILE [--url ws://…/v1/stream] [--token T | --api-key K] [--realtime] [--frames 1000]
                        stream a recording to a server, print partials and the transcript
          help          this text
        """);
}
