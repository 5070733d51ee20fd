namespace Earshot.Engines.PocketSphinx;

/// <summary>Where the model files are and how the recogniser splits speech; the defaults are Debian's pocketsphinx-en-us.</summary>
public sealed record PocketSphinxOptions
{
    public const string DebianModelDirectory = "/usr/share/pocketsphinx/model/en-us";

    /// <summary>Name the model is published under (lets one configure several variants).</summary>
    public string Name { get; init; } = "pocketsphinx";

    /// <summary>Acoustic model folder (mdef, means, feat.params …).</summary>
    public string AcousticModelPath { get; init; } = Path.Combine(DebianModelDirectory, "en-us");

    /// <summary>Default n-gram language model (ARPA or binary).</summary>
    public string LanguageModelPath { get; init; } = Path.Combine(DebianModelDirectory, "en-us.lm.bin");

    /// <summary>Pronunciation dictionary.</summary>
    public string DictionaryPath { get; init; } = Path.Combine(DebianModelDirectory, "cmudict-en-us.dict");

    /// <summary>Decoders kept for concurrent requests and open streams; each holds its own copy of the models (about 90 MB).</summary>
    public int PoolSize { get; init; } = Environment.ProcessorCount;

    /// <summary>Non-speech that ends an utterance (and a transcript segment).</summary>
    public double EndOfUtteranceSilenceSeconds { get; init; } = 0.5;

    /// <summary>Speech longer than this without a pause is cut into several utterances, which bounds decoder memory.</summary>
    public double MaxUtteranceSeconds { get; init; } = 30;

    /// <summary>How long a stream whose speaker starts an utterance waits for a free decoder before its Accept throws
    /// <see cref="TimeoutException"/>; never reached while <see cref="PoolSize"/> is at least the number of open streams.</summary>
    public TimeSpan StreamDecoderWait { get; init; } = TimeSpan.FromSeconds(10);

    public IReadOnlyList<string> Languages { get; init; } = ["en"];

    /// <summary>Extra ps_init arguments by name, e.g. {"-ds": "2", "-maxhmmpf": "3000"}, to trade accuracy for speed.
    /// Parsed strictly (an unknown name or bad value fails the load); the model paths above always win.</summary>
    public IReadOnlyDictionary<string, string> DecoderArguments { get; init; } = new Dictionary<string, string>();

    /// <summary>Reads "-name value -name value …" (as in the DecoderArguments plugin setting) into a map.</summary>
    public static IReadOnlyDictionary<string, string> ParseArguments(string text)
    {
        var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length % 2 != 0)
            throw new FormatException($"Decoder arguments '{text}' must be pairs of -name value.");
        return Enumerable.Range(0, parts.Length / 2).ToDictionary(i => parts[2 * i], i => parts[2 * i + 1], StringComparer.Ordinal);
    }

    internal void Validate()
    {
        if (!Directory.Exists(AcousticModelPath) || !File.Exists(Path.Combine(AcousticModelPath, "mdef")))
            throw new FileNotFoundException($"PocketSphinx acoustic model not found (no mdef in '{AcousticModelPath}').", AcousticModelPath);
        if (!File.Exists(LanguageModelPath))
            throw new FileNotFoundException($"PocketSphinx language model '{LanguageModelPath}' not found.", LanguageModelPath);
        if (!File.Exists(DictionaryPath))
            throw new FileNotFoundException($"PocketSphinx dictionary '{DictionaryPath}' not found.", DictionaryPath);
        ArgumentOutOfRangeException.ThrowIfLessThan(PoolSize, 1, nameof(PoolSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(EndOfUtteranceSilenceSeconds, 0.05, nameof(EndOfUtteranceSilenceSeconds));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxUtteranceSeconds, 1.0, nameof(MaxUtteranceSeconds));
        ArgumentOutOfRangeException.ThrowIfLessThan(StreamDecoderWait, TimeSpan.Zero, nameof(StreamDecoderWait));
        if (DecoderArguments.Keys.FirstOrDefault(k => !k.StartsWith('-')) is { } bad)
            throw new ArgumentException($"Decoder argument '{bad}' must be a PocketSphinx option name such as -ds.", nameof(DecoderArguments));
    }
}
