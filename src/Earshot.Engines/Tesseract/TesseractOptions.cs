namespace Earshot.Engines.Tesseract;

/// <summary>How to load tesseract.</summary>
/// <param name="TessdataPath">Folder holding {language}.traineddata files.</param>
/// <param name="Language">Tesseract language code(s), e.g. "eng" or "eng+deu".</param>
/// <param name="PoolSize">How many recognitions may run at once; each holds its own loaded TessBaseAPI.</param>
public sealed record TesseractOptions(
    string TessdataPath = TesseractOptions.DebianTessdataPath,
    string Language = TesseractOptions.DefaultLanguage,
    int PoolSize = 2)
{
    public const string DebianTessdataPath = "/usr/share/tesseract-ocr/5/tessdata";
    public const string DefaultLanguage = "eng";

    /// <summary>Resolution assumed for images that do not state a credible one (tesseract accepts 70..2400).</summary>
    public int FallbackDpi { get; init; } = 300;

    /// <summary>
    /// Whether tesseract may spread one page over OpenMP threads. Off by default: the pool already runs pages in parallel,
    /// and OpenMP's spinning threads multiply the CPU cost.
    /// </summary>
    public bool OpenMpWithinPage { get; init; }

    /// <summary>
    /// Whether to straighten pages whose lines are tilted (by up to 7 degrees) before recognition; boxes are mapped back
    /// onto the original image, so they become tilted quads.
    /// </summary>
    public bool Deskew { get; init; } = true;

    /// <summary>The languages joined in <see cref="Language"/>.</summary>
    public IReadOnlyList<string> Languages => Language.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
