using System.Globalization;
using System.Text;
using Earshot.Engines.PocketSphinx.Native;
using Earshot.Sdk;
using Earshot.Sdk.Models;

namespace Earshot.Engines.PocketSphinx;

/// <summary>
/// Speech to text with CMU PocketSphinx (Debian libpocketsphinx3). Thread-safe: each call borrows one of
/// <see cref="PocketSphinxOptions.PoolSize"/> decoders, which load their models once and are then reused.
/// Audio must be 16 kHz mono. Besides plain transcription it can decode against a JSGF grammar or another
/// language model, and spot keyphrases; those switch the borrowed decoder's search and switch it back before
/// returning it, so the acoustic model is never reloaded per request.
/// </summary>
public sealed class PocketSphinxRecognizer : ISpeechRecognizer, IDisposable
{
    /// <summary>Upstream version of Debian's libpocketsphinx3 / pocketsphinx-en-us.</summary>
    public const string LibraryVersion = "0.8+5prealpha";

    private readonly DecoderPool pool;

    public PocketSphinxRecognizer(PocketSphinxOptions? options = null)
    {
        Options = options ?? new PocketSphinxOptions();
        Options.Validate();
        try
        {
            pool = new DecoderPool(() => NativeDecoder.Create(Options), Options.PoolSize);
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException { InnerException: DllNotFoundException })
        {
            throw new InvalidOperationException(
                "PocketSphinx needs libpocketsphinx.so.3 and libsphinxbase.so.3 (Debian packages libpocketsphinx3, libsphinxbase3).", e);
        }
        Info = new ModelInfo(Options.Name, ModelKind.SpeechRecognizer, Options.Languages,
            $"CMU PocketSphinx continuous decoder, acoustic model {Options.AcousticModelPath}, language model {Path.GetFileName(Options.LanguageModelPath)}",
            LibraryVersion);
    }

    public ModelInfo Info { get; }

    public PocketSphinxOptions Options { get; }

    /// <summary>Time each decoder took to load (ps_init), in creation order; the first is loaded by the constructor.</summary>
    public IReadOnlyList<TimeSpan> DecoderLoadTimes => pool.LoadTimes;

    /// <summary>Creates decoders ahead of demand until <paramref name="count"/> exist (at most <see cref="PocketSphinxOptions.PoolSize"/>),
    /// one after another (about 1 s and 90 MB each); returns how many exist. Users meanwhile get them as they are finished.</summary>
    public int WarmUp(int count, CancellationToken cancellationToken) => pool.WarmUp(count, cancellationToken);

    /// <summary>Calls now waiting for a decoder to come free (all are on loan).</summary>
    public int WaitingForDecoder => pool.Waiting;

    /// <summary>Decoders busy now (a decode, or a dictionary look-up, holds one until it ends).</summary>
    public int DecodersInUse => pool.InUse;

    /// <summary>Transcribes with the default language model; one segment per stretch of speech between pauses.
    /// Audio without speech gives <see cref="Transcript.Empty"/>.</summary>
    public Task<Transcript> TranscribeAsync(AudioBuffer audio, TranscribeOptions options, CancellationToken cancellationToken) =>
        RunAsync(audio, splitAtPauses: true, useSearch: null, Assemble, cancellationToken);

    /// <summary>Decodes the whole buffer as one utterance constrained to a JSGF grammar (lower-case words from the dictionary).</summary>
    /// <exception cref="ArgumentException">The grammar does not parse or uses words missing from the dictionary.</exception>
    public Task<Transcript> TranscribeWithGrammarAsync(AudioBuffer audio, string jsgfGrammar, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jsgfGrammar);
        return RunAsync(audio, splitAtPauses: false,
            decoder => decoder.UseTransientSearch((handle, name) => PocketSphinxNative.ps_set_jsgf_string(handle, name, jsgfGrammar), "JSGF grammar"),
            (utterances, session) => session.HeardSpeech ? Assemble(utterances, session) : Transcript.Empty,
            cancellationToken);
    }

    /// <summary>
    /// Forced alignment: the whole buffer as one utterance through a JSGF grammar, with each word's (and filler's)
    /// frames and acoustic score. Frames count from the first sample, like <see cref="DecodePhonesAsync"/>.
    /// </summary>
    /// <param name="beams">The alignment's beams; null keeps the decoder's.</param>
    /// <exception cref="ArgumentException">The grammar does not parse or uses words missing from the dictionary.</exception>
    public Task<ScoredDecode> AlignWithGrammarAsync(AudioBuffer audio, string jsgfGrammar, CancellationToken cancellationToken,
        SearchBeams? beams = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jsgfGrammar);
        beams?.Validate();
        return RunAsync(audio, splitAtPauses: false,
            decoder => decoder.UseTransientSearch((handle, name) => PocketSphinxNative.ps_set_jsgf_string(handle, name, jsgfGrammar), "JSGF grammar", beams),
            Scored, cancellationToken);
    }

    /// <summary>
    /// Free phone-loop decode (PocketSphinx allphone search) of the whole buffer as one utterance: the best-scoring
    /// phone sequence with each phone's frames and acoustic score, the usual reference for goodness of pronunciation.
    /// </summary>
    /// <param name="loop">Its phones (triphones or context-independent) and phone model, if any.</param>
    public Task<ScoredDecode> DecodePhonesAsync(AudioBuffer audio, PhoneLoop loop, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(loop);
        if (loop.LanguageModelPath is { } model && !File.Exists(model))
            throw new FileNotFoundException($"Phone language model '{model}' not found.", model);
        return RunAsync(audio, splitAtPauses: false,
            decoder => decoder.UseTransientSearch((handle, name) => PocketSphinxNative.ps_set_allphone_file(handle, name, loop.LanguageModelPath),
                "phone loop", contextIndependentPhones: loop.ContextIndependent),
            Scored, cancellationToken);
    }

    /// <summary>
    /// Transcribes like <see cref="TranscribeAsync"/> but with another n-gram language model (ARPA or binary). Each
    /// decoder keeps the last such model loaded, so repeating a file is cheap; a new one costs a load whose time
    /// grows with the dictionary size divided by the model's vocabulary (seconds for a model of a few words).
    /// </summary>
    public Task<Transcript> TranscribeWithLanguageModelAsync(AudioBuffer audio, string languageModelPath, CancellationToken cancellationToken)
    {
        if (!File.Exists(languageModelPath))
            throw new FileNotFoundException($"Language model '{languageModelPath}' not found.", languageModelPath);
        return RunAsync(audio, splitAtPauses: true,
            decoder => decoder.UseLanguageModel(languageModelPath), Assemble, cancellationToken);
    }

    /// <summary>
    /// Finds where the keyphrases are spoken. Phrases with a word missing from the pronunciation dictionary are not
    /// guessed at: they come back in <see cref="KeyphraseSpotting.Skipped"/> with the missing words named.
    /// </summary>
    public async Task<KeyphraseSpotting> SpotKeyphrasesAsync(AudioBuffer audio, IReadOnlyList<Keyphrase> keyphrases, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyphrases);
        foreach (var keyphrase in keyphrases)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(keyphrase.Text, nameof(keyphrases));
            if (!double.IsFinite(keyphrase.Threshold) || keyphrase.Threshold <= 0)
                throw new ArgumentOutOfRangeException(nameof(keyphrases), $"Threshold of '{keyphrase.Text}' must be a positive number.");
        }
        RequireCanonicalRate(audio);
        var (searched, skipped) = await SplitByDictionaryAsync(keyphrases, cancellationToken).ConfigureAwait(false);
        if (searched.Count == 0)
            return new KeyphraseSpotting([], skipped);

        var listFile = Path.Combine(Path.GetTempPath(), $"earshot-kws-{Guid.NewGuid():N}.txt");
        try
        {
            var lines = new StringBuilder();
            foreach (var (text, keyphrase) in searched)
                lines.Append(CultureInfo.InvariantCulture, $"{text} /{keyphrase.Threshold:E6}/\n");
            await File.WriteAllTextAsync(listFile, lines.ToString(), cancellationToken).ConfigureAwait(false);
            var hits = await RunAsync(audio, splitAtPauses: true,
                decoder => decoder.UseTransientSearch((handle, name) => PocketSphinxNative.ps_set_kws(handle, name, listFile), "keyphrase list"),
                (utterances, session) => utterances.SelectMany(u => u.Segments.Select(s => ToHit(u, s, session))).ToList(),
                cancellationToken).ConfigureAwait(false);
            return new KeyphraseSpotting(MergeOverlapping(hits.Where(h => searched.ContainsKey(h.Keyphrase))
                .Select(h => h with { Keyphrase = searched[h.Keyphrase].Text })), skipped);
        }
        finally
        {
            File.Delete(listFile);
        }
    }

    /// <summary>The words (case-insensitive) that the pronunciation dictionary does not know.</summary>
    public IReadOnlyList<string> FindUnknownWords(IEnumerable<string> words)
    {
        using var lease = pool.Rent();
        return words.Select(w => w.Trim().ToLowerInvariant()).Where(w => w.Length > 0)
            .Distinct().Where(w => !lease.Decoder.IsInDictionary(w)).ToList();
    }

    /// <summary>The dictionary's phones for each word (lower-cased); null for a word it does not know.</summary>
    public IReadOnlyList<string[]?> Pronunciations(IEnumerable<string> words)
    {
        using var lease = pool.Rent();
        return words.Select(w => lease.Decoder.Pronunciation(w.Trim().ToLowerInvariant())?.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
    }

    /// <summary>
    /// Opens a live session. It borrows a pooled decoder only while an utterance is open (from the detected start of
    /// speech to the pause that ends it) and gives it back in between, so more streams than decoders can be open;
    /// when an utterance starts and none is free within <see cref="PocketSphinxOptions.StreamDecoderWait"/>,
    /// <see cref="ISpeechStream.Accept"/> throws <see cref="TimeoutException"/>. Dispose the stream to end it.
    /// </summary>
    public ISpeechStream OpenStream(TranscribeOptions options) =>
        new PocketSphinxStream(new UtteranceSession(pool.DetectorSettings, new PooledDecoders(pool, Options.StreamDecoderWait),
            splitAtPauses: true, Options.MaxUtteranceSeconds));

    public void Dispose() => pool.Dispose();

    private async Task<T> RunAsync<T>(AudioBuffer audio, bool splitAtPauses, Action<NativeDecoder>? useSearch,
        Func<List<DecodedUtterance>, UtteranceSession, T> result, CancellationToken cancellationToken)
    {
        RequireCanonicalRate(audio);
        using var lease = await pool.RentAsync(cancellationToken).ConfigureAwait(false);
        return await Task.Run(() =>
        {
            var decoder = lease.Decoder;
            try
            {
                decoder.Prime();
                useSearch?.Invoke(decoder);
                var utterances = Decode(decoder, audio, splitAtPauses, cancellationToken, out var session);
                return result(utterances, session);
            }
            finally
            {
                RestoreSearch(decoder);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    private List<DecodedUtterance> Decode(NativeDecoder decoder, AudioBuffer audio, bool splitAtPauses, CancellationToken cancellationToken,
        out UtteranceSession session)
    {
        session = new UtteranceSession(decoder.DetectorSettings, new HeldDecoder(decoder), splitAtPauses, Options.MaxUtteranceSeconds);
        using var finished = session;
        var utterances = new List<DecodedUtterance>();
        session.Accept(audio.Samples, utterances, cancellationToken);
        session.Finish(utterances);
        return utterances;
    }

    /// <summary>The keyphrases to search for (lower-cased, single-spaced; the first of duplicates wins) and those
    /// skipped because the pronunciation dictionary lacks one of their words.</summary>
    private async Task<(Dictionary<string, Keyphrase> Searched, List<SkippedKeyphrase> Skipped)> SplitByDictionaryAsync(
        IReadOnlyList<Keyphrase> keyphrases, CancellationToken cancellationToken)
    {
        var searched = new Dictionary<string, Keyphrase>(StringComparer.Ordinal);
        var skipped = new List<SkippedKeyphrase>();
        using var lease = await pool.RentAsync(cancellationToken).ConfigureAwait(false);
        foreach (var keyphrase in keyphrases)
        {
            var normalised = string.Join(' ', keyphrase.Text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            var unknown = normalised.Split(' ').Where(w => !lease.Decoder.IsInDictionary(w)).Distinct().ToList();
            if (unknown.Count > 0)
                skipped.Add(new SkippedKeyphrase(keyphrase.Text, $"not in the pronunciation dictionary: {string.Join(", ", unknown)}"));
            else
                searched.TryAdd(normalised, keyphrase);
        }
        return (searched, skipped);
    }

    private static KeyphraseHit ToHit(DecodedUtterance utterance, DecodedSegment segment, UtteranceSession session)
    {
        var offset = (double)utterance.StartSample / session.SampleRate;
        var limit = (double)utterance.EndSample / session.SampleRate;
        var start = Math.Min(offset + (double)segment.StartFrame / session.FramesPerSecond, limit);
        var end = Math.Clamp(offset + (double)(segment.EndFrame + 1) / session.FramesPerSecond, start, limit);
        return new KeyphraseHit(segment.Word.Trim(), start, end, segment.Confidence);
    }

    /// <summary>The spotter reports a phrase again on neighbouring frames; keep the most confident of overlapping reports.</summary>
    private static List<KeyphraseHit> MergeOverlapping(IEnumerable<KeyphraseHit> hits)
    {
        var merged = new List<KeyphraseHit>();
        foreach (var hit in hits.OrderBy(h => h.Start))
        {
            var index = merged.FindLastIndex(m => m.Keyphrase == hit.Keyphrase && m.End > hit.Start);
            if (index < 0)
                merged.Add(hit);
            else if (hit.Confidence > merged[index].Confidence)
                merged[index] = hit;
        }
        return merged;
    }

    private static ScoredDecode Scored(List<DecodedUtterance> utterances, UtteranceSession session)
    {
        var samplesPerFrame = session.SampleRate / session.FramesPerSecond;
        var segments = new List<ScoredSegment>();
        var frames = 0;
        foreach (var utterance in utterances)
        {
            var offset = (int)(utterance.StartSample / samplesPerFrame);
            var decoded = utterance.Segments;
            for (var i = 0; i < decoded.Count; i++)
            {
                var s = decoded[i];
                // the allphone search of this library version leaves the first segment's word, frames and score unset
                var unset = s.Word.Length == 0 && s.StartFrame == 0 && s.EndFrame == 0 && s.AcousticScore == 0;
                if (unset && i + 1 < decoded.Count && decoded[i + 1].StartFrame > 0)
                    segments.Add(new ScoredSegment("SIL", offset, offset + decoded[i + 1].StartFrame - 1, null, 0));
                else if (!unset)
                    segments.Add(new ScoredSegment(s.Word, offset + s.StartFrame, offset + s.EndFrame, s.AcousticScore, s.Confidence));
            }
            frames = Math.Max(frames, (int)(utterance.EndSample / samplesPerFrame));
        }
        return new ScoredDecode(session.FramesPerSecond, frames, segments);
    }

    private static Transcript Assemble(List<DecodedUtterance> utterances, UtteranceSession session) =>
        TranscriptAssembler.FromUtterances(utterances, session.SampleRate, session.FramesPerSecond);

    private static void RestoreSearch(NativeDecoder decoder)
    {
        try
        {
            decoder.RestoreDefaultSearch();
        }
        catch (InvalidOperationException)
        {
            // The decoder is flagged as faulted and will be freed instead of reused.
        }
    }

    private static void RequireCanonicalRate(AudioBuffer audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        if (audio.SampleRate != AudioBuffer.CanonicalSampleRate)
            throw new ArgumentException($"PocketSphinx needs {AudioBuffer.CanonicalSampleRate} Hz audio, got {audio.SampleRate} Hz.", nameof(audio));
    }
}
