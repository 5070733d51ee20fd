using System.Runtime.InteropServices;

namespace Earshot.Engines.PocketSphinx.Native;

/// <summary>libsphinxbase.so.3: configuration objects, log-math, the front end (used here only for its voice activity
/// detector and cepstra) and live cepstral mean normalisation.</summary>
internal static partial class SphinxBaseNative
{
    private const string Library = "libsphinxbase.so.3";

    [LibraryImport(Library)]
    internal static partial CommandLineHandle cmd_ln_parse_r(nint previous, nint definitions, int argumentCount, nint arguments, int strict);

    [LibraryImport(Library)]
    internal static partial int cmd_ln_free_r(nint config);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void cmd_ln_set_str_r(CommandLineHandle config, string name, string? value);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void cmd_ln_set_int_r(CommandLineHandle config, string name, CLong value);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void cmd_ln_set_float_r(CommandLineHandle config, string name, double value);

    /// <summary>On a decoder's own config (ps_get_config), which searches read when they are created.</summary>
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void cmd_ln_set_float_r(nint config, string name, double value);

    /// <summary>On a decoder's own config (ps_get_config); booleans are integers (0 or 1).</summary>
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void cmd_ln_set_int_r(nint config, string name, CLong value);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint cmd_ln_str_r(nint config, string name);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial CLong cmd_ln_int_r(nint config, string name);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial double cmd_ln_float_r(nint config, string name);

    [LibraryImport(Library)]
    internal static partial double logmath_exp(nint logmath, int logValue);

    [LibraryImport(Library)]
    internal static partial FrontEndHandle fe_init_auto_r(CommandLineHandle config);

    [LibraryImport(Library)]
    internal static partial int fe_free(nint frontEnd);

    [LibraryImport(Library)]
    internal static partial void fe_start_stream(FrontEndHandle frontEnd);

    [LibraryImport(Library)]
    internal static partial int fe_start_utt(FrontEndHandle frontEnd);

    [LibraryImport(Library)]
    internal static partial int fe_get_output_size(FrontEndHandle frontEnd);

    [LibraryImport(Library)]
    internal static partial byte fe_get_vad_state(FrontEndHandle frontEnd);

    [LibraryImport(Library)]
    internal static unsafe partial int fe_process_frames(FrontEndHandle frontEnd, short** samples, nuint* sampleCount,
        float** cepstra, int* frameCount, int* firstFrameIndex);

    [LibraryImport(Library)]
    internal static unsafe partial void cmn_live_set(nint cmn, float* mean);

    [LibraryImport(Library)]
    internal static unsafe partial void cmn_live_get(nint cmn, float* mean);

    [LibraryImport(Library)]
    internal static partial void err_set_logfp(nint file);

    [LibraryImport(Library)]
    internal static partial void ckd_free(nint pointer);
}
