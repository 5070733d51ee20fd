using System.Runtime.InteropServices;

namespace Earshot.Engines.PocketSphinx.Native;

/// <summary>
/// libpocketsphinx.so.3 (Debian 0.8+5prealpha). Every <c>char const*</c> the library returns is owned by it,
/// so those come back as <see cref="nint"/> and are copied with <see cref="NativeText.Read"/>; marshalling them
/// as <see cref="string"/> would free memory we do not own.
/// </summary>
internal static partial class PocketSphinxNative
{
    private const string Library = "libpocketsphinx.so.3";

    [LibraryImport(Library)]
    internal static partial nint ps_args();

    [LibraryImport(Library)]
    internal static partial DecoderHandle ps_init(CommandLineHandle config);

    [LibraryImport(Library)]
    internal static partial int ps_free(nint decoder);

    [LibraryImport(Library)]
    internal static partial nint ps_get_config(DecoderHandle decoder);

    [LibraryImport(Library)]
    internal static partial nint ps_get_logmath(DecoderHandle decoder);

    [LibraryImport(Library)]
    internal static partial nint ps_get_feat(DecoderHandle decoder);

    [LibraryImport(Library)]
    internal static partial int ps_start_stream(DecoderHandle decoder);

    [LibraryImport(Library)]
    internal static partial int ps_start_utt(DecoderHandle decoder);

    [LibraryImport(Library)]
    internal static unsafe partial int ps_process_raw(DecoderHandle decoder, short* data, nuint sampleCount, int noSearch, int fullUtterance);

    [LibraryImport(Library)]
    internal static partial int ps_end_utt(DecoderHandle decoder);

    [LibraryImport(Library)]
    internal static unsafe partial nint ps_get_hyp(DecoderHandle decoder, int* bestScore);

    [LibraryImport(Library)]
    internal static partial nint ps_seg_iter(DecoderHandle decoder);

    [LibraryImport(Library)]
    internal static partial nint ps_seg_next(nint segment);

    [LibraryImport(Library)]
    internal static partial nint ps_seg_word(nint segment);

    [LibraryImport(Library)]
    internal static partial void ps_seg_frames(nint segment, out int startFrame, out int endFrame);

    [LibraryImport(Library)]
    internal static partial int ps_seg_prob(nint segment, out int acousticScore, out int languageScore, out int languageBackoff);

    [LibraryImport(Library)]
    internal static partial void ps_seg_free(nint segment);

    [LibraryImport(Library)]
    internal static partial nint ps_get_search(DecoderHandle decoder);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ps_set_search(DecoderHandle decoder, string name);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ps_unset_search(DecoderHandle decoder, string name);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ps_set_lm_file(DecoderHandle decoder, string name, string path);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ps_set_jsgf_string(DecoderHandle decoder, string name, string grammar);

    /// <summary>A phone-loop search over the acoustic model's phones; <paramref name="phoneLanguageModel"/> null means no phone LM (uniform loop).</summary>
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ps_set_allphone_file(DecoderHandle decoder, string name, string? phoneLanguageModel);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ps_set_kws(DecoderHandle decoder, string name, string keyphraseFile);

    /// <summary>Returns a pronunciation the caller must release with <see cref="SphinxBaseNative.ckd_free"/>, or null.</summary>
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint ps_lookup_word(DecoderHandle decoder, string word);
}
