using Earshot.Engines.Whisper;

namespace Earshot.Server.Cli;

/// <summary>
/// <c>earshot models list|install</c>: shows which downloadable weights exist and installs them into the models
/// directory (--models, else $EARSHOT_MODELS, else ./models). The server loads new weights when it next starts.
/// </summary>
public static class ModelsCommand
{
    public const string Usage = """
        usage: earshot models list [--models DIR]
               earshot models install NAME [--from FILE] [--no-verify] [--models DIR] [--base-url URL]
          NAME is whisper-tiny.en, whisper-base.en, whisper-small.en, whisper-tiny, whisper-base or whisper-small
          (the "whisper-" prefix may be left out). Without --from the file is downloaded from the official location.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        if (args.Length == 0 || args[0] is not ("list" or "install"))
            return Fail(error, args.Length == 0 ? "a subcommand is required" : $"unknown subcommand '{args[0]}'");

        string? name = null, from = null, models = null, baseUrl = null;
        var verify = true;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--from" when i + 1 < args.Length:
                    from = args[++i];
                    break;
                case "--models" when i + 1 < args.Length:
                    models = args[++i];
                    break;
                case "--base-url" when i + 1 < args.Length:
                    baseUrl = args[++i];
                    break;
                case "--no-verify":
                    verify = false;
                    break;
                case var flag when flag.StartsWith('-'):
                    return Fail(error, $"unknown option or missing value: {flag}");
                case var value when name is null && args[0] == "install":
                    name = value;
                    break;
                default:
                    return Fail(error, $"unexpected argument '{args[i]}'");
            }
        }
        var directory = Path.GetFullPath(models ?? (Environment.GetEnvironmentVariable("EARSHOT_MODELS") is { Length: > 0 } env ? env : "models"));

        if (args[0] == "list")
        {
            foreach (var weights in WhisperCatalog.All)
            {
                var installed = File.Exists(WhisperCatalog.InstalledPath(directory, weights)) ? "installed" : "-";
                await output.WriteLineAsync($"{weights.ModelName,-18} {weights.Bytes / 1_048_576.0,6:0} MiB  {installed}");
            }
            return 0;
        }
        if (name is null)
            return Fail(error, "install needs a model name");
        if (WhisperCatalog.Find(name) is not { } found)
            return Fail(error, $"unknown model '{name}'. Known: {string.Join(", ", WhisperCatalog.All.Select(w => w.ModelName))}");
        if (!verify && from is null)
            return Fail(error, "--no-verify applies only to --from FILE; downloads are always verified");

        using var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(30) }) { Timeout = Timeout.InfiniteTimeSpan };
        var outcome = await new WhisperInstaller(http).InstallAsync(found, directory, from, verify, baseUrl ?? WhisperWeights.OfficialBaseUrl, cancellationToken);
        if (outcome.Warning is { } warning)
            await error.WriteLineAsync(warning);
        await (outcome.Succeeded ? output : error).WriteLineAsync(outcome.Message);
        return outcome.Succeeded ? 0 : 1;
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"earshot models: {message}");
        error.WriteLine(Usage);
        return 2;
    }
}
