using System.Runtime.InteropServices;

namespace Earshot.Engines.Tesseract;

internal enum RotationType
{
    AreaMap = 1,
}

internal enum IncomingColor
{
    White = 1,
}

internal enum MessageSeverity
{
    None = 6,
}

/// <summary>The few Leptonica (liblept 1.82, leptonica/allheaders.h) calls needed to hand an image to tesseract.</summary>
internal static partial class LeptonicaNative
{
    private const string Library = "liblept.so.5";

    /// <summary>Reads PNG, JPEG, TIFF, GIF, WebP, BMP or PNM; null when the file cannot be read.</summary>
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial PixHandle pixRead(string filename);

    /// <summary>Drops one reference and nulls the caller's pointer.</summary>
    [LibraryImport(Library)]
    internal static partial void pixDestroy(ref nint pix);

    [LibraryImport(Library)]
    internal static partial int pixGetWidth(PixHandle pix);

    [LibraryImport(Library)]
    internal static partial int pixGetHeight(PixHandle pix);

    /// <summary>Any depth to 1 bpp; pixels darker than <paramref name="threshold"/> become foreground.</summary>
    [LibraryImport(Library)]
    internal static partial PixHandle pixConvertTo1(PixHandle pix, int threshold);

    /// <summary>Skew of the text lines of a 1 bpp image, in degrees (within ±7), and a confidence (below 3 is unreliable). 0 on success.</summary>
    [LibraryImport(Library)]
    internal static partial int pixFindSkew(PixHandle pix, out float angle, out float confidence);

    /// <summary>Rotates about the centre, <paramref name="radians"/> clockwise; width and height 0 keep the size (corners are clipped).</summary>
    [LibraryImport(Library)]
    internal static partial PixHandle pixRotate(PixHandle pix, float radians, RotationType type, IncomingColor incoming, int width, int height);

    /// <summary>Sets the process-wide threshold for Leptonica's stderr messages; returns the previous one.</summary>
    [LibraryImport(Library)]
    internal static partial int setMsgSeverity(MessageSeverity severity);

    /// <summary>Vertical resolution in pixels per inch as stored in the file; 0 when the file has none.</summary>
    [LibraryImport(Library)]
    internal static partial int pixGetYRes(PixHandle pix);
}
