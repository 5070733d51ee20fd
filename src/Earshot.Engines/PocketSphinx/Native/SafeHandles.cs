using System.Runtime.InteropServices;

namespace Earshot.Engines.PocketSphinx.Native;

/// <summary>A sphinxbase <c>cmd_ln_t</c>; reference counted natively, so freeing ours leaves any decoder that retained it intact.</summary>
internal sealed class CommandLineHandle : SafeHandle
{
    public CommandLineHandle() : base(nint.Zero, ownsHandle: true) { }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle()
    {
        SphinxBaseNative.cmd_ln_free_r(handle);
        return true;
    }
}

/// <summary>A <c>ps_decoder_t</c>.</summary>
internal sealed class DecoderHandle : SafeHandle
{
    public DecoderHandle() : base(nint.Zero, ownsHandle: true) { }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle()
    {
        PocketSphinxNative.ps_free(handle);
        return true;
    }
}

/// <summary>A sphinxbase front end <c>fe_t</c>.</summary>
internal sealed class FrontEndHandle : SafeHandle
{
    public FrontEndHandle() : base(nint.Zero, ownsHandle: true) { }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle()
    {
        SphinxBaseNative.fe_free(handle);
        return true;
    }
}
