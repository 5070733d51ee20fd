using Earshot.Testing;

namespace Earshot.Engines.Tests.PaddleOcr;

/// <summary>A row of ../shared/eval/ocr/manifest.tsv.</summary>
public sealed record OcrPage(string File, int Width, int Height, string GroundTruthFile)
{
    public string FullPath => Path.Combine(RepositoryPaths.OcrDir, File);
    public string GroundTruth => System.IO.File.ReadAllText(Path.Combine(RepositoryPaths.OcrDir, GroundTruthFile));

    public static IReadOnlyList<OcrPage> Load()
    {
        var lines = System.IO.File.ReadAllLines(Path.Combine(RepositoryPaths.OcrDir, "manifest.tsv"));
        var header = lines[0].Split('\t');
        int Col(string name) => Array.IndexOf(header, name);
        return lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t'))
            .Select(c => new OcrPage(c[Col("file")], int.Parse(c[Col("width")]), int.Parse(c[Col("height")]), c[Col("ground_truth_file")]))
            .ToList();
    }
}
