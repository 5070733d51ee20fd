using System.Runtime.InteropServices;

namespace Earshot.Engines.PocketSphinx.Native;

internal static class NativeText
{
    /// <summary>Copies a UTF-8 string the library still owns.</summary>
    public static string? Read(nint pointer) => pointer == nint.Zero ? null : Marshal.PtrToStringUTF8(pointer);
}
