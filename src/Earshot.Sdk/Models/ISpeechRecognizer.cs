namespace Earshot.Sdk.Models;

/// <summary>Options for one recognition; engines ignore what they cannot use.</summary>
public sealed record TranscribeOptions
{
    public string? Language { get; init; }

    /// <summary>Words or phrases likely to occur (keywords, names); a hint, not a constraint.</summary>
    public IReadOnlyList<string> Hints { get; init; } = [];

    /// <summary>Text the speaker is expected to read; reference-aware engines bias decoding towards it.</summary>
    public string? ReferenceText { get; init; }
}

/// <summary>Speech to text. Implementations must be safe to call from several threads at once
/// (pool native decoders internally where the engine is not thread-safe).</summary>
public interface ISpeechRecognizer : IModel
{
    Task<Transcript> TranscribeAsync(AudioBuffer audio, TranscribeOptions options, CancellationToken cancellationToken);

    /// <summary>Opens an incremental session; dispose it to return its decoder.</summary>
    ISpeechStream OpenStream(TranscribeOptions options);
}

/// <summary>Incremental recognition: feed PCM as it arrives, read partial text, collect utterances ended by silence.</summary>
public interface ISpeechStream : IDisposable
{
    /// <summary>Feeds samples at the stream's sample rate; returns utterances that ended inside them. An engine that lends
    /// its decoders per utterance throws <see cref="TimeoutException"/> when speech starts and none comes free in time.</summary>
    IReadOnlyList<Transcript> Accept(ReadOnlySpan<short> samples);

    /// <summary>Best hypothesis for the utterance in progress.</summary>
    string PartialText { get; }

    /// <summary>Ends the stream and returns the last utterance (possibly empty).</summary>
    Transcript Finish();
}
