using System.Runtime.InteropServices;

namespace Earshot.Engines.Tesseract;

/// <summary>GNU OpenMP, which Debian's libtesseract is built with and parallelises each LSTM step through.</summary>
internal static partial class OpenMpNative
{
    private const string Library = "libgomp.so.1";

    /// <summary>0 makes OpenMP parallel regions started from the calling thread run on it alone (a per-thread setting in libgomp 12).</summary>
    [LibraryImport(Library)]
    private static partial void omp_set_max_active_levels(int levels);

    /// <summary>
    /// Turns OpenMP parallelism off for work started on the calling thread. Concurrency comes from the engine pool instead: with OpenMP on, the
    /// eval pages here cost 3.5 times the CPU (mostly spinning worker threads) for no faster results on a busy machine.
    /// Returns false where tesseract was built without OpenMP.
    /// </summary>
    internal static bool TryDisableOnThisThread()
    {
        try
        {
            omp_set_max_active_levels(0);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
