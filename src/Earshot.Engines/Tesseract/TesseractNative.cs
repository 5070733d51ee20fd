using System.Runtime.InteropServices;

namespace Earshot.Engines.Tesseract;

/// <summary>Page iteration levels of tesseract's C API (TessPageIteratorLevel).</summary>
internal enum IteratorLevel
{
    Block = 0,
    Paragraph = 1,
    TextLine = 2,
    Word = 3,
    Symbol = 4,
}

/// <summary>Page segmentation modes of tesseract's C API (TessPageSegMode); only the ones Earshot uses.</summary>
internal enum PageSegMode
{
    Auto = 3,
}

/// <summary>OCR engine modes of tesseract's C API (TessOcrEngineMode).</summary>
internal enum OcrEngineMode
{
    LstmOnly = 1,
}

/// <summary>P/Invoke declarations for libtesseract 5's C API (tesseract/capi.h). BOOL is a C int.</summary>
internal static partial class TesseractNative
{
    private const string Library = "libtesseract.so.5";

    [LibraryImport(Library)]
    internal static partial nint TessVersion();

    [LibraryImport(Library)]
    internal static partial void TessDeleteText(nint text);

    [LibraryImport(Library)]
    internal static partial TessBaseApiHandle TessBaseAPICreate();

    [LibraryImport(Library)]
    internal static partial void TessBaseAPIDelete(nint handle);

    [LibraryImport(Library)]
    internal static partial void TessBaseAPIEnd(nint handle);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int TessBaseAPIInit2(TessBaseApiHandle handle, string datapath, string language, OcrEngineMode mode);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int TessBaseAPISetVariable(TessBaseApiHandle handle, string name, string value);

    [LibraryImport(Library)]
    internal static partial void TessBaseAPISetPageSegMode(TessBaseApiHandle handle, PageSegMode mode);

    [LibraryImport(Library)]
    internal static partial void TessBaseAPISetImage2(TessBaseApiHandle handle, PixHandle pix);

    [LibraryImport(Library)]
    internal static partial void TessBaseAPISetSourceResolution(TessBaseApiHandle handle, int ppi);

    [LibraryImport(Library)]
    internal static partial int TessBaseAPIRecognize(TessBaseApiHandle handle, TessMonitorHandle monitor);

    [LibraryImport(Library)]
    internal static partial TessResultIteratorHandle TessBaseAPIGetIterator(TessBaseApiHandle handle);

    [LibraryImport(Library)]
    internal static partial void TessBaseAPIClear(TessBaseApiHandle handle);

    [LibraryImport(Library)]
    internal static partial void TessResultIteratorDelete(nint handle);

    /// <summary>The returned page iterator is the result iterator itself seen as its base class: not owned, never delete it.</summary>
    [LibraryImport(Library)]
    internal static partial nint TessResultIteratorGetPageIterator(TessResultIteratorHandle handle);

    [LibraryImport(Library)]
    internal static partial int TessResultIteratorNext(TessResultIteratorHandle handle, IteratorLevel level);

    /// <summary>Returns a new string to free with <see cref="TessDeleteText"/>, or null where the iterator is on no element.</summary>
    [LibraryImport(Library)]
    internal static partial nint TessResultIteratorGetUTF8Text(TessResultIteratorHandle handle, IteratorLevel level);

    /// <summary>Mean confidence of the element in 0..100.</summary>
    [LibraryImport(Library)]
    internal static partial float TessResultIteratorConfidence(TessResultIteratorHandle handle, IteratorLevel level);

    [LibraryImport(Library)]
    internal static partial int TessPageIteratorIsAtBeginningOf(nint pageIterator, IteratorLevel level);

    [LibraryImport(Library)]
    internal static partial int TessPageIteratorBoundingBox(
        nint pageIterator, IteratorLevel level, out int left, out int top, out int right, out int bottom);

    [LibraryImport(Library)]
    internal static partial TessMonitorHandle TessMonitorCreate();

    [LibraryImport(Library)]
    internal static partial void TessMonitorDelete(nint monitor);

    [LibraryImport(Library)]
    internal static unsafe partial void TessMonitorSetCancelFunc(TessMonitorHandle monitor, delegate* unmanaged<nint, int, byte> cancel);

    [LibraryImport(Library)]
    internal static partial void TessMonitorSetCancelThis(TessMonitorHandle monitor, nint cancelThis);

    /// <summary>Copies a string tesseract allocated and frees the original.</summary>
    internal static string TakeText(nint text)
    {
        if (text == 0)
            return string.Empty;
        try
        {
            return Marshal.PtrToStringUTF8(text) ?? string.Empty;
        }
        finally
        {
            TessDeleteText(text);
        }
    }
}
