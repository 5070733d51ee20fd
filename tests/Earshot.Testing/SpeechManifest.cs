using Earshot.Text.Tables;

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
        return TsvTable.Read(path ?? Path.Combine(RepositoryPaths.SpeechDir, "manifest.tsv")).Rows.Select(r => new SpeechSample(
            r["file"], double.Parse(r["duration_s"], System.Globalization.CultureInfo.InvariantCulture),
            r["transcript"], r["speaker_id"], r["gender"], r["dataset"])).ToList();
    }
}
