using System.ComponentModel.DataAnnotations;

namespace Earshot.Server.Streaming;

/// <summary>The "Streaming" section: live transcription over WebSocket (GET /v1/stream).</summary>
public sealed class StreamingOptions
{
    public const string Section = "Streaming";

    /// <summary>Streams open at once; one more is closed at once with 1013 "server overloaded".</summary>
    [Range(1, 10_000)]
    public int MaxStreams { get; set; } = 10;

    /// <summary>Streams one user may have open at once (GET /v1/stream); one more is closed at once with 1013 and a reason saying so.</summary>
    [Range(1, 10_000)]
    public int MaxStreamsPerUser { get; set; } = 3;

    /// <summary>A new stream is closed with 1013 while any open stream is more than this many seconds behind real time: the
    /// streams already open use all the CPU there is, and one more would make every one of them fall further behind.</summary>
    [Range(0.01, 3600)]
    public double MaxLagSeconds { get; set; } = 1.0;

    /// <summary>Speech model streams use unless the client's config names another.</summary>
    public string Model { get; set; } = "pocketsphinx";

    /// <summary>Decoders kept for streams (PocketSphinx: a pool of its own, apart from batch jobs; each about 90 MB,
    /// created on first demand). A stream borrows one only while its speaker is mid-utterance, so fewer decoders than
    /// streams serve streams that do not all speak at once. Empty means MaxStreams: an admitted stream never waits.</summary>
    [Range(1, 10_000)]
    public int? DecoderPoolSize { get; set; }

    /// <summary>Decoders of the streams' pool (<see cref="Model"/>) created in the background at start-up, one after another
    /// (about 1 s of CPU and 90 MB each), so that the first streams after a start do not wait for them; at most
    /// <see cref="EffectiveDecoderPoolSize"/>. 0 creates them on first demand only. Skipped when Models:PreloadOnStartup is off.</summary>
    [Range(0, 10_000)]
    public int WarmDecoders { get; set; } = 8;

    /// <summary>How long an admitted stream may wait for a decoder (when it opens; with PocketSphinx, when an utterance
    /// starts) before it is closed with 1013.</summary>
    public TimeSpan OpenTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A stream that sends nothing for this long is closed (1008).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest WebSocket message accepted; a bigger one closes the stream with 1009.</summary>
    [Range(2, 64 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 256 * 1024;

    /// <summary>Longest recording one stream may send (spooled to a WAV file in the store's scratch directory until saved); beyond it the stream is closed with 1009.</summary>
    [Range(1, 24 * 3600)]
    public double MaxStreamSeconds { get; set; } = 3600;

    /// <summary>Audio between refreshes of the partial hypothesis (each refresh walks the decoder's lattice); messages in
    /// between repeat the last partial. 0 refreshes on every audio message.</summary>
    [Range(0, 10)]
    public double PartialIntervalSeconds { get; set; } = 0.25;

    /// <summary>HTTP upload streams (POST /v1/streams) open at once, across users.</summary>
    [Range(1, 100_000)]
    public int MaxUploadStreams { get; set; } = 100;

    /// <summary>HTTP upload streams one user may have open at once; one more is refused with 429.</summary>
    [Range(1, 100_000)]
    public int MaxUploadStreamsPerUser { get; set; } = 8;

    /// <summary>An upload stream that receives nothing for this long is dropped with its audio.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan UploadStreamIdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>PocketSphinx ps_init arguments for the streams' own decoders only (batch jobs keep the model's), on top of
    /// the model's own. The default caps the HMMs searched per frame at 3000 (library default 30000) and skips the second
    /// pass at each utterance end: 0.45x the CPU for +3 points WER on the eval set, and no burst of work when an utterance
    /// ends (docs/streaming.md). Set "-maxhmmpf": "30000", "-fwdflat": "yes" to decode streams like batch jobs.</summary>
    public Dictionary<string, string> DecoderArguments { get; set; } = new(StringComparer.Ordinal) { ["-maxhmmpf"] = "3000", ["-fwdflat"] = "no" };

    public int EffectiveDecoderPoolSize => DecoderPoolSize ?? MaxStreams;

    public int EffectiveWarmDecoders => Math.Min(WarmDecoders, EffectiveDecoderPoolSize);
}
