using Earshot.Testing;
using Earshot.Text.Tables;

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
        return TsvTable.Read(Path.Combine(RepositoryPaths.OcrDir, "manifest.tsv")).Rows.Select(r => new OcrPage(
            r["file"], int.Parse(r["width"]), int.Parse(r["height"]), r["kind"], r["ground_truth_file"])).ToList();
    }

    public static OcrPage Page(string file) => Load().Single(p => p.File == file);
}
