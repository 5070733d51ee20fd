namespace Earshot.Testing;

/// <summary>One row of ../shared/eval/speech/manifest.tsv.</summary>
public sealed record SpeechSample(string File, double Duration, string Transcript, string Speaker, string Gender, string Dataset)
{
    public string FullPath => RepositoryPaths.Speech(File);
}

public static class SpeechManifest
{
    public static IReadOnlyList<SpeechSample> Load(string? path = null)
    {
        var lines = File.ReadAllLines(path ?? Path.Combine(RepositoryPaths.SpeechDir, "manifest.tsv"));
        var header = lines[0].Split('\t');
        int Col(string name) => Array.IndexOf(header, name);
        return lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')).Select(c => new SpeechSample(
            c[Col("file")], double.Parse(c[Col("duration_s")], System.Globalization.CultureInfo.InvariantCulture),
            c[Col("transcript")], c[Col("speaker_id")], c[Col("gender")], c[Col("dataset")])).ToList();
    }
}
