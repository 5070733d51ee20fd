using System.Globalization;
using System.Runtime.InteropServices;
using Earshot.Engines.PocketSphinx.Native;

namespace Earshot.Engines.PocketSphinx;

/// <summary>A word or filler as the decoder aligned it, in frames from the start of its utterance.</summary>
/// <param name="AcousticScore">Acoustic log-likelihood of the segment in the decoder's scaled log units (ps_seg_prob's acoustic score).</param>
internal readonly record struct DecodedSegment(string Word, int StartFrame, int EndFrame, double Confidence, int AcousticScore = 0);

/// <summary>
/// One PocketSphinx decoder. Single-threaded: <see cref="DecoderPool"/> hands it to one request, or to one stream's
/// utterance, at a time. Voice activity is detected beside it by a <see cref="SpeechDetector"/> made from
/// <see cref="DetectorSettings"/>.
/// </summary>
internal sealed class NativeDecoder : IDisposable
{
    private const string TransientSearch = "earshot_custom";
    private const string LanguageModelSearch = "earshot_lm";
    private const string PrimingSearch = "earshot_prime";

    /// <summary>A fifth of a second of faint noise (fixed, so every priming is the same).</summary>
    private static readonly short[] PrimingNoise = MakePrimingNoise();

    private readonly DecoderHandle decoder;
    private readonly nint logMath;
    private readonly nint cepstralMean;
    private readonly float[] initialMean;
    private readonly string defaultSearch;
    private bool transientSearchAdded;
    private bool primingSearchAdded;
    private bool primed;
    private bool defaultSearchActive = true;
    private string? cachedLanguageModel;

    static NativeDecoder()
    {
        // Process-wide and set once: -logfn would make every ps_init reopen (and fclose) the shared log FILE
        // while other decoders may be writing to it.
        SphinxBaseNative.err_set_logfp(nint.Zero);
    }

    private NativeDecoder(DecoderHandle decoder, PocketSphinxOptions options)
    {
        this.decoder = decoder;
        logMath = PocketSphinxNative.ps_get_logmath(decoder);
        var config = PocketSphinxNative.ps_get_config(decoder);
        DetectorSettings = new SpeechDetectorSettings(config, options.EndOfUtteranceSilenceSeconds);
        var cepstrumSize = (int)SphinxBaseNative.cmd_ln_int_r(config, "-ncep").Value;
        defaultSearch = NativeText.Read(PocketSphinxNative.ps_get_search(decoder)) ?? "_default";
        (cepstralMean, initialMean) = FindCepstralMean(decoder, config, cepstrumSize);
    }

    /// <summary>Front-end parameters for the detectors that decide where this decoder's utterances start and end.</summary>
    public SpeechDetectorSettings DetectorSettings { get; }

    /// <summary>Mean the model ships with (-cmninit), used before any speech has been seen.</summary>
    public ReadOnlySpan<float> InitialCepstralMean => initialMean;

    /// <summary>The stream whose utterances this decoder decoded last, if nothing else ran on it since (<see cref="Prime"/> clears it).</summary>
    public object? LastUser { get; set; }

    /// <summary>Set when something failed half-way; the pool drops such a decoder instead of reusing it.</summary>
    public bool Faulted { get; private set; }

    public static NativeDecoder Create(PocketSphinxOptions options)
    {
        DecoderHandle decoder;
        using (var config = NewConfig(options.DecoderArguments))
        {
            SphinxBaseNative.cmd_ln_set_str_r(config, "-hmm", options.AcousticModelPath);
            SphinxBaseNative.cmd_ln_set_str_r(config, "-lm", options.LanguageModelPath);
            SphinxBaseNative.cmd_ln_set_str_r(config, "-dict", options.DictionaryPath);
            SphinxBaseNative.cmd_ln_set_int_r(config, "-remove_silence", new CLong(0));
            decoder = PocketSphinxNative.ps_init(config);
        }
        if (decoder.IsInvalid)
            throw new InvalidOperationException($"ps_init failed for acoustic model '{options.AcousticModelPath}'.");
        try
        {
            // primed here, so that a decoder made ahead of demand (Streaming:WarmDecoders) has done its first decode too
            var created = new NativeDecoder(decoder, options);
            created.Prime();
            return created;
        }
        catch
        {
            decoder.Dispose();
            throw;
        }
    }

    public void StartUtterance()
    {
        primed = false;
        // Restarting the stream per utterance keeps segment frames relative to the utterance
        // and resets the noise estimate, so nothing carries over from earlier utterances or requests.
        if (PocketSphinxNative.ps_start_stream(decoder) < 0 || PocketSphinxNative.ps_start_utt(decoder) < 0)
            throw Fault("ps_start_utt failed.");
    }

    public unsafe void SetCepstralMean(ReadOnlySpan<float> mean)
    {
        if (cepstralMean == nint.Zero)
            return;
        fixed (float* values = mean)
            SphinxBaseNative.cmn_live_set(cepstralMean, values);
    }

    public unsafe void Process(ReadOnlySpan<short> samples, bool wholeUtterance = false)
    {
        if (samples.IsEmpty)
            return;
        fixed (short* data = samples)
        {
            if (PocketSphinxNative.ps_process_raw(decoder, data, (nuint)samples.Length, 0, wholeUtterance ? 1 : 0) < 0)
                throw Fault("ps_process_raw failed.");
        }
    }

    public void EndUtterance()
    {
        if (PocketSphinxNative.ps_end_utt(decoder) < 0)
            throw Fault("ps_end_utt failed.");
    }

    public unsafe string Hypothesis() => NativeText.Read(PocketSphinxNative.ps_get_hyp(decoder, null)) ?? string.Empty;

    /// <summary>The best path of the finished utterance, fillers included.</summary>
    public List<DecodedSegment> Segments()
    {
        var result = new List<DecodedSegment>();
        var segment = PocketSphinxNative.ps_seg_iter(decoder);
        try
        {
            while (segment != nint.Zero)
            {
                var word = NativeText.Read(PocketSphinxNative.ps_seg_word(segment)) ?? string.Empty;
                PocketSphinxNative.ps_seg_frames(segment, out var startFrame, out var endFrame);
                var logPosterior = PocketSphinxNative.ps_seg_prob(segment, out var acousticScore, out _, out _);
                var confidence = Math.Clamp(SphinxBaseNative.logmath_exp(logMath, logPosterior), 0.0, 1.0);
                result.Add(new DecodedSegment(word, startFrame, endFrame, double.IsNaN(confidence) ? 0 : confidence, acousticScore));
                segment = PocketSphinxNative.ps_seg_next(segment); // frees the iterator after the last one
            }
        }
        catch
        {
            if (segment != nint.Zero)
                PocketSphinxNative.ps_seg_free(segment);
            throw;
        }
        return result;
    }

    /// <summary>The dictionary pronunciation ("K AE T"), or null for an unknown word.</summary>
    public string? Pronunciation(string word)
    {
        var pronunciation = PocketSphinxNative.ps_lookup_word(decoder, word);
        if (pronunciation == nint.Zero)
            return null;
        try
        {
            return NativeText.Read(pronunciation);
        }
        finally
        {
            SphinxBaseNative.ckd_free(pronunciation);
        }
    }

    public bool IsInDictionary(string word) => Pronunciation(word) is not null;

    /// <summary>Adds and activates a one-off search (grammar, keyphrases, phone loop); <see cref="RestoreDefaultSearch"/>
    /// removes it again.</summary>
    /// <param name="beams">Beams for this search only; null keeps the decoder's.</param>
    /// <param name="contextIndependentPhones">For a phone loop: context-independent phones only (-allphone_ci).</param>
    public void UseTransientSearch(Func<DecoderHandle, string, int> add, string description, SearchBeams? beams = null,
        bool contextIndependentPhones = false)
    {
        RestoreDefaultSearch();
        using (var settings = new ConfigScope(PocketSphinxNative.ps_get_config(decoder)))
        {
            // a search reads these from the decoder's config when it is created, so the one added here keeps them
            // and every other search keeps the decoder's
            foreach (var (_, option, value) in beams?.Settings ?? [])
                settings.Set(option, value);
            if (contextIndependentPhones)
                settings.Set("-allphone_ci", true);
            if (add(decoder, TransientSearch) < 0)
                throw new ArgumentException($"PocketSphinx rejected the {description}.");
        }
        transientSearchAdded = true;
        Activate(TransientSearch, description);
    }

    /// <summary>Decoder config values changed until disposed, then set back to what they were.</summary>
    private sealed class ConfigScope(nint config) : IDisposable
    {
        private readonly List<Action> restore = [];

        public void Set(string option, double value)
        {
            var saved = SphinxBaseNative.cmd_ln_float_r(config, option);
            restore.Add(() => SphinxBaseNative.cmd_ln_set_float_r(config, option, saved));
            SphinxBaseNative.cmd_ln_set_float_r(config, option, value);
        }

        public void Set(string option, bool value)
        {
            var saved = SphinxBaseNative.cmd_ln_int_r(config, option);
            restore.Add(() => SphinxBaseNative.cmd_ln_set_int_r(config, option, saved));
            SphinxBaseNative.cmd_ln_set_int_r(config, option, new CLong(value ? 1 : 0));
        }

        public void Dispose()
        {
            for (var i = restore.Count - 1; i >= 0; i--)
                restore[i]();
        }
    }

    /// <summary>
    /// Activates an n-gram search over another language model. The last one stays registered (inactive) after
    /// <see cref="RestoreDefaultSearch"/>: building it maps every dictionary word into the model, which takes
    /// seconds for a small model against the 134k-word dictionary, so repeated use of the same file is cheap.
    /// </summary>
    public void UseLanguageModel(string path)
    {
        RestoreDefaultSearch();
        var file = new FileInfo(path);
        var key = $"{file.FullName}|{file.Length}|{file.LastWriteTimeUtc.Ticks}";
        if (cachedLanguageModel != key)
        {
            if (cachedLanguageModel is not null && PocketSphinxNative.ps_unset_search(decoder, LanguageModelSearch) < 0)
                throw Fault("Could not remove the previous language model.");
            cachedLanguageModel = null;
            if (PocketSphinxNative.ps_set_lm_file(decoder, LanguageModelSearch, file.FullName) < 0)
                throw new ArgumentException($"PocketSphinx could not load the language model '{path}'.");
            cachedLanguageModel = key;
        }
        Activate(LanguageModelSearch, "language model");
    }

    /// <summary>
    /// Decodes the same faint noise through a free loop of context-independent phones, so that the next decode starts
    /// from the same state whatever this decoder decoded before. The library carries per-frame acoustic-model state (each
    /// codebook's best Gaussians) from the last frames it scored into the start of the next utterance (a forced
    /// alignment's leading silence scored differently after another recording). Every phone of the loop scores its
    /// codebook, and fed in the usual blocks (not as one whole utterance, which left the state as it was) it made the
    /// next decode come out the same every time (PocketSphinxPoolTests). A triphone loop leaves the same state (same
    /// transcripts, alignments and scores on the 33 eval recordings) but is an 83 MB search that took about 1 s to build
    /// and 1 s more to run on a decoder's first use; this one costs well under 0.1 s and almost no memory. A decoder
    /// primed and not used since is left as it is.
    /// </summary>
    public void Prime()
    {
        LastUser = null;
        RestoreDefaultSearch();
        if (primed)
            return;
        if (!primingSearchAdded)
        {
            using (var settings = new ConfigScope(PocketSphinxNative.ps_get_config(decoder)))
            {
                settings.Set("-allphone_ci", true);
                if (PocketSphinxNative.ps_set_allphone_file(decoder, PrimingSearch, null) < 0)
                    throw Fault("Could not add the priming phone loop.");
            }
            primingSearchAdded = true;
        }
        Activate(PrimingSearch, "priming phone loop");
        StartUtterance();
        SetCepstralMean(initialMean);
        for (var at = 0; at < PrimingNoise.Length; at += UtteranceSession.BlockSamples)
            Process(PrimingNoise.AsSpan(at, Math.Min(UtteranceSession.BlockSamples, PrimingNoise.Length - at)));
        EndUtterance();
        RestoreDefaultSearch();
        primed = true;
    }

    private static short[] MakePrimingNoise()
    {
        var random = new Random(20261201);
        return [.. Enumerable.Range(0, 3200).Select(_ => (short)random.Next(-30, 31))];
    }

    /// <summary>Switches back to the model's own language model and drops any one-off search.</summary>
    public void RestoreDefaultSearch()
    {
        if (!defaultSearchActive)
        {
            if (PocketSphinxNative.ps_set_search(decoder, defaultSearch) < 0)
                throw Fault("Could not switch back to the default search.");
            defaultSearchActive = true;
        }
        if (transientSearchAdded)
        {
            if (PocketSphinxNative.ps_unset_search(decoder, TransientSearch) < 0)
                throw Fault("Could not remove a one-off search.");
            transientSearchAdded = false;
        }
    }

    private void Activate(string search, string description)
    {
        if (PocketSphinxNative.ps_set_search(decoder, search) < 0)
        {
            RestoreDefaultSearch();
            throw new ArgumentException($"PocketSphinx could not switch to the {description}.");
        }
        defaultSearchActive = false;
    }

    /// <summary>Marks the decoder unusable after an error left it in an unknown state.</summary>
    public InvalidOperationException Fault(string message)
    {
        Faulted = true;
        return new InvalidOperationException(message);
    }

    public void Dispose() => decoder.Dispose();

    /// <summary>A config with the library's defaults, then <paramref name="arguments"/> parsed as on a command line
    /// (strict: an unknown name or a bad value fails here, not as a silently ignored setting).</summary>
    internal static CommandLineHandle NewConfig(IReadOnlyDictionary<string, string>? arguments = null)
    {
        var argv = (arguments ?? new Dictionary<string, string>()).SelectMany(a => new[] { a.Key, a.Value }).Select(Marshal.StringToCoTaskMemUTF8).ToArray();
        try
        {
            CommandLineHandle config;
            unsafe
            {
                fixed (nint* values = argv)
                    config = SphinxBaseNative.cmd_ln_parse_r(nint.Zero, PocketSphinxNative.ps_args(), argv.Length, (nint)values, argv.Length > 0 ? 1 : 0);
            }
            return config.IsInvalid
                ? throw new ArgumentException($"PocketSphinx rejected the decoder arguments {string.Join(' ', arguments!.Select(a => $"{a.Key} {a.Value}"))}.")
                : config;
        }
        finally
        {
            foreach (var value in argv)
                Marshal.FreeCoTaskMem(value);
        }
    }

    /// <summary>
    /// Locates the decoder's live CMN object and checks it really is one: it must hold the model's -cmninit values.
    /// If not (another sphinxbase build), CMN is left to the library and results may depend on earlier requests.
    /// </summary>
    private static unsafe (nint Cmn, float[] Initial) FindCepstralMean(DecoderHandle decoder, nint config, int cepstrumSize)
    {
        var initial = ParseMean(NativeText.Read(SphinxBaseNative.cmd_ln_str_r(config, "-cmninit")), cepstrumSize);
        var feat = PocketSphinxNative.ps_get_feat(decoder);
        if (feat == nint.Zero || initial is null)
            return (nint.Zero, initial ?? new float[cepstrumSize]);
        var header = FeatureHeader.Read(feat);
        if (header.Cmn == nint.Zero || header.CepstrumSize != cepstrumSize)
            return (nint.Zero, initial);
        var current = stackalloc float[cepstrumSize];
        SphinxBaseNative.cmn_live_get(header.Cmn, current);
        for (var i = 0; i < cepstrumSize; i++)
        {
            if (Math.Abs(current[i] - initial[i]) > 1e-3)
                return (nint.Zero, initial);
        }
        return (header.Cmn, initial);
    }

    private static float[]? ParseMean(string? text, int size)
    {
        var values = new float[size];
        var parts = (text ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
            return null;
        for (var i = 0; i < Math.Min(parts.Length, size); i++)
        {
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                return null;
        }
        return values;
    }
}
