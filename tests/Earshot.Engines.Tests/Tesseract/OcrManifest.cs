using Earshot.Testing;

namespace Earshot.Engines.Tests.Tesseract;

/// <summary>One row of ../shared/eval/ocr/manifest.tsv: an image and the file holding its exact text.</summary>
internal sealed record OcrPage(string File, int Width, int Height, string Kind, string GroundTruthFile)
{
    public string FullPath => Path.Combine(RepositoryPaths.OcrDir, File);
    public string GroundTruth => System.IO.File.ReadAllText(Path.Combine(RepositoryPaths.OcrDir, GroundTruthFile));
    public override string ToString() => File;
}

internal static class OcrManifest
{
    public static IReadOnlyList<OcrPage> Load()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryPaths.OcrDir, "manifest.tsv"));
        var header = lines[0].Split('\t');
        int Column(string name) => Array.IndexOf(header, name);
        return lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')).Select(c => new OcrPage(
            c[Column("file")], int.Parse(c[Column("width")]), int.Parse(c[Column("height")]),
            c[Column("kind")], c[Column("ground_truth_file")])).ToList();
    }

    public static OcrPage Page(string file) => Load().Single(p => p.File == file);
}
