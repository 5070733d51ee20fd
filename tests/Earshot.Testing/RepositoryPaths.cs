namespace Earshot.Testing;

/// <summary>Finds the repository root (the folder with Earshot.slnx) and the shared eval data beside it.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>../shared beside the checkout, or EARSHOT_SHARED when set.</summary>
    public static string Shared { get; } =
        Environment.GetEnvironmentVariable("EARSHOT_SHARED") is { Length: > 0 } fromEnv
            ? fromEnv
            : Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string SpeechDir => Path.Combine(Shared, "eval", "speech");
    public static string OcrDir => Path.Combine(Shared, "eval", "ocr");

    /// <summary>Utterances no model here was trained or tuned on (evaluation only; never train on them).</summary>
    public static string SpeakersDir => Path.Combine(Shared, "eval", "speakers");

    /// <summary>Models installed by scripts/install-models.sh.</summary>
    public static string Models { get; } =
        Environment.GetEnvironmentVariable("EARSHOT_MODELS") is { Length: > 0 } m ? m : Path.Combine(Root, "models");

    public static string Speech(string relative) => Path.Combine(SpeechDir, relative);

    public static string Speakers(string relative) => Path.Combine(SpeakersDir, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Earshot.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Earshot.slnx not found above " + AppContext.BaseDirectory);
    }
}
