using System.Runtime.InteropServices;

namespace Earshot.Engines.PocketSphinx.Native;

/// <summary>
/// The leading fields of sphinxbase's public <c>feat_t</c> (sphinxbase/feat.h), up to <c>cmn_struct</c>.
/// The library has no accessor for the decoder's CMN object, and we need it to make each request start from
/// the same cepstral mean instead of whatever the previous request on this pooled decoder left behind.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct FeatureHeader
{
    public readonly int RefCount;
    public readonly nint Name;
    public readonly int CepstrumSize;
    public readonly int StreamCount;
    public readonly nint StreamLengths;
    public readonly int WindowSize;
    public readonly int SubvectorCount;
    public readonly nint SubvectorLengths;
    public readonly nint Subvectors;
    public readonly nint SubvectorBuffer;
    public readonly int SubvectorDimension;
    public readonly int CmnType;
    public readonly int VarianceNormalisation;
    public readonly int AgcType;
    public readonly nint ComputeFeature;
    public readonly nint Cmn;

    public static unsafe FeatureHeader Read(nint feat) => *(FeatureHeader*)feat;
}
