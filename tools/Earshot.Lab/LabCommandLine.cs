using System.CommandLine;

namespace Earshot.Lab;

/// <summary>
/// `earshot-lab COMMAND [options]`: the measurement and training commands. An unknown or misspelled option, a missing
/// required one or a value that does not parse is a usage error (exit code 2, with the command's help on stderr) before
/// any model loads.
/// </summary>
public static class LabCommandLine
{
    public const int UsageError = 2;

    public static RootCommand Create()
    {
        var eval = new Command("eval", "Measure the models the server loads on an evaluation manifest.")
        {
            ModelEval.Create("asr", "Word error rate and speed of a speech model over a manifest (file, transcript)."),
            ModelEval.Create("ocr", "Character error rate and speed of an image-text model over a manifest (file, ground_truth_file)."),
            ReadingEval.Create(),
            SpeakerEval.Create(),
            AnalyticsEval.Create(),
            KeywordEval.Create(),
            ReadingClassifierTraining.CreateReadingWords(),
        };
        return new RootCommand("Earshot lab: evaluations of the server's models and the training of the files it ships.")
        {
            eval,
            AnalyticsTraining.Create(),
        };
    }

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var root = Create();
        var result = root.Parse(args);
        if (result.Errors.Count == 0)
            return await result.InvokeAsync(new InvocationConfiguration(), cancellationToken);
        foreach (var error in result.Errors)
            await Console.Error.WriteLineAsync($"earshot-lab: {error.Message}");
        // the help of the command that was being parsed, on stderr
        var path = new List<string>();
        for (var command = result.CommandResult; command.Parent is System.CommandLine.Parsing.CommandResult parent; command = parent)
            path.Insert(0, command.Command.Name);
        root.Parse([.. path, "--help"]).Invoke(new InvocationConfiguration { Output = Console.Error });
        return UsageError;
    }

    /// <summary>An option whose value must name an existing file (checked while parsing).</summary>
    public static Option<string> ExistingFile(string name, string description, bool required = false)
    {
        var option = new Option<string>(name) { Description = description, Required = required, HelpName = "FILE" };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } path && !File.Exists(path))
                r.AddError($"{name}: '{path}' not found.");
        });
        return option;
    }

    /// <summary>An option naming a PocketSphinx acoustic model folder (one with an mdef file).</summary>
    public static Option<string> AcousticModel()
    {
        var option = new Option<string>("--acoustic-model")
        {
            Description = "Measure the built-in pocketsphinx model with another acoustic model folder (before installing it).",
            HelpName = "DIR",
        };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } folder && !File.Exists(Path.Combine(folder, "mdef")))
                r.AddError($"--acoustic-model '{folder}' is not an acoustic model folder (no mdef).");
        });
        return option;
    }
}
