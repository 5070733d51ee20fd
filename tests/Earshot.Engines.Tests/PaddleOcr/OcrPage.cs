using Earshot.Testing;
using Earshot.Text.Tables;

namespace Earshot.Engines.Tests.PaddleOcr;

/// <summary>A row of ../shared/eval/ocr/manifest.tsv.</summary>
public sealed record OcrPage(string File, int Width, int Height, string GroundTruthFile)
{
    public string FullPath => Path.Combine(RepositoryPaths.OcrDir, File);
    public string GroundTruth => System.IO.File.ReadAllText(Path.Combine(RepositoryPaths.OcrDir, GroundTruthFile));

    public static IReadOnlyList<OcrPage> Load()
    {
        return TsvTable.Read(Path.Combine(RepositoryPaths.OcrDir, "manifest.tsv")).Rows
            .Select(r => new OcrPage(r["file"], int.Parse(r["width"]), int.Parse(r["height"]), r["ground_truth_file"]))
            .ToList();
    }
}
