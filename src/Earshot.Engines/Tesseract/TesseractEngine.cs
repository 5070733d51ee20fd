using System.Runtime.InteropServices;
using System.Text;
using Earshot.Sdk;

namespace Earshot.Engines.Tesseract;

/// <summary>One loaded TessBaseAPI. Not thread-safe: <see cref="TesseractRecognizer"/> lends each instance to one caller at a time.</summary>
internal sealed class TesseractEngine : IDisposable
{
    private const int MinCredibleDpi = 70;
    private const int MaxCredibleDpi = 2400;

    private readonly TessBaseApiHandle api;
    private readonly int fallbackDpi;
    private readonly bool openMpWithinPage;
    private readonly bool deskew;

    public TesseractEngine(TesseractOptions options)
    {
        fallbackDpi = options.FallbackDpi;
        openMpWithinPage = options.OpenMpWithinPage;
        deskew = options.Deskew;
        api = TesseractNative.TessBaseAPICreate();
        if (api.IsInvalid)
            throw new InvalidOperationException("TessBaseAPICreate failed");
        try
        {
            // Both libraries print to stderr ("Empty page!!", "Error in pixRead"); failures surface as exceptions instead.
            SetVariable("debug_file", "/dev/null");
            LeptonicaNative.setMsgSeverity(MessageSeverity.None);
            if (TesseractNative.TessBaseAPIInit2(api, options.TessdataPath, options.Language, OcrEngineMode.LstmOnly) != 0)
            {
                throw new InvalidOperationException(
                    $"tesseract could not load language '{options.Language}' from '{options.TessdataPath}' " +
                    "(each language needs a {language}.traineddata file there)");
            }
            TesseractNative.TessBaseAPISetPageSegMode(api, PageSegMode.Auto);
        }
        catch
        {
            api.Dispose();
            throw;
        }
    }

    public ImageText Recognize(string imagePath, CancellationToken cancellationToken)
    {
        if (!File.Exists(imagePath))
            throw new FileNotFoundException("Image not found", imagePath);
        using var pix = LeptonicaNative.pixRead(imagePath);
        if (pix.IsInvalid)
            throw new InvalidDataException($"Leptonica could not decode '{imagePath}'");
        var straightened = deskew ? Deskew.Straighten(pix) : null;
        using var deskewed = straightened?.Straightened;

        try
        {
            TesseractNative.TessBaseAPISetImage2(api, deskewed ?? pix);
            var dpi = LeptonicaNative.pixGetYRes(pix);
            if (dpi is < MinCredibleDpi or > MaxCredibleDpi)
                TesseractNative.TessBaseAPISetSourceResolution(api, fallbackDpi);

            if (!openMpWithinPage)
                OpenMpNative.TryDisableOnThisThread();
            var recognized = RecognizeCancellable(cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            if (!recognized)
                throw new InvalidOperationException($"tesseract failed to recognise '{imagePath}'");
            return ReadPage(straightened?.Rotation ?? PageRotation.None);
        }
        finally
        {
            TesseractNative.TessBaseAPIClear(api);
        }
    }

    private unsafe bool RecognizeCancellable(CancellationToken cancellationToken)
    {
        using var monitor = TesseractNative.TessMonitorCreate();
        var token = GCHandle.Alloc(new CancellationBox(cancellationToken));
        try
        {
            TesseractNative.TessMonitorSetCancelFunc(monitor, &IsCancelled);
            TesseractNative.TessMonitorSetCancelThis(monitor, GCHandle.ToIntPtr(token));
            return TesseractNative.TessBaseAPIRecognize(api, monitor) == 0;
        }
        finally
        {
            token.Free();
        }
    }

    /// <summary>Called by tesseract between words; true stops recognition.</summary>
    [UnmanagedCallersOnly]
    private static byte IsCancelled(nint cancelThis, int words) =>
        GCHandle.FromIntPtr(cancelThis).Target is CancellationBox { Token.IsCancellationRequested: true } ? (byte)1 : (byte)0;

    private sealed record CancellationBox(CancellationToken Token);

    /// <summary>Walks the recognised words in reading order; lines are joined by a newline, paragraphs and blocks by a blank line.</summary>
    private ImageText ReadPage(PageRotation rotation)
    {
        using var words = TesseractNative.TessBaseAPIGetIterator(api);
        if (words.IsInvalid)
            return ImageText.Empty;
        var page = TesseractNative.TessResultIteratorGetPageIterator(words);

        var text = new StringBuilder();
        var boxes = new List<TextBox>();
        var line = 0;
        var pendingBreak = Break.None;
        do
        {
            pendingBreak = Max(pendingBreak, BreakBefore(page));
            var word = TesseractNative.TakeText(TesseractNative.TessResultIteratorGetUTF8Text(words, IteratorLevel.Word)).Trim();
            if (word.Length == 0 ||
                TesseractNative.TessPageIteratorBoundingBox(page, IteratorLevel.Word, out var left, out var top, out var right, out var bottom) == 0)
            {
                continue;
            }

            if (boxes.Count > 0)
            {
                text.Append(pendingBreak switch { Break.Paragraph => "\n\n", Break.Line => "\n", _ => " " });
                if (pendingBreak != Break.None)
                    line++;
            }
            pendingBreak = Break.None;
            text.Append(word);
            var confidence = Math.Clamp(TesseractNative.TessResultIteratorConfidence(words, IteratorLevel.Word) / 100.0, 0, 1);
            boxes.Add(new TextBox(word, rotation.ToOriginal(left, top, right, bottom), confidence, line));
        }
        while (TesseractNative.TessResultIteratorNext(words, IteratorLevel.Word) != 0);

        return boxes.Count == 0 ? ImageText.Empty : new ImageText(text.ToString(), boxes);
    }

    private enum Break
    {
        None,
        Line,
        Paragraph,
    }

    private static Break Max(Break a, Break b) => a > b ? a : b;

    private static Break BreakBefore(nint page) =>
        TesseractNative.TessPageIteratorIsAtBeginningOf(page, IteratorLevel.Paragraph) != 0 ? Break.Paragraph
        : TesseractNative.TessPageIteratorIsAtBeginningOf(page, IteratorLevel.TextLine) != 0 ? Break.Line
        : Break.None;

    private void SetVariable(string name, string value)
    {
        if (TesseractNative.TessBaseAPISetVariable(api, name, value) == 0)
            throw new InvalidOperationException($"tesseract has no variable '{name}'");
    }

    public void Dispose() => api.Dispose();
}
