using System.Runtime.InteropServices;

namespace Earshot.Engines.Tesseract;

/// <summary>Owns a TessBaseAPI; releasing it ends recognition and frees the instance.</summary>
internal sealed class TessBaseApiHandle() : SafeHandle(0, ownsHandle: true)
{
    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        TesseractNative.TessBaseAPIEnd(handle);
        TesseractNative.TessBaseAPIDelete(handle);
        return true;
    }
}

/// <summary>Owns a TessResultIterator returned by TessBaseAPIGetIterator.</summary>
internal sealed class TessResultIteratorHandle() : SafeHandle(0, ownsHandle: true)
{
    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        TesseractNative.TessResultIteratorDelete(handle);
        return true;
    }
}

/// <summary>Owns an ETEXT_DESC progress/cancel monitor.</summary>
internal sealed class TessMonitorHandle() : SafeHandle(0, ownsHandle: true)
{
    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        TesseractNative.TessMonitorDelete(handle);
        return true;
    }
}

/// <summary>Owns one reference to a Leptonica PIX.</summary>
internal sealed class PixHandle() : SafeHandle(0, ownsHandle: true)
{
    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        var pix = handle;
        LeptonicaNative.pixDestroy(ref pix);
        return true;
    }
}
