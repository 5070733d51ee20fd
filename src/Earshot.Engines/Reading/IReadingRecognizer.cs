using Earshot.Sdk;
using Earshot.Sdk.Models;

namespace Earshot.Engines.Reading;

/// <summary>How the words of a reading are recognised; implementations may use the reference text to help.</summary>
public interface IReadingRecognizer
{
    /// <summary>Short name for reports ("plain", "grammar").</summary>
    string Name { get; }

    /// <summary>False when the result does not depend on the reference (so one decode serves every reference).</summary>
    bool UsesReference { get; }

    Task<Transcript> RecognizeAsync(AudioBuffer audio, string reference, CancellationToken cancellationToken);
}

/// <summary>Ignores the reference: what any speech recogniser hears.</summary>
public sealed class PlainReadingRecognizer(ISpeechRecognizer recognizer) : IReadingRecognizer
{
    public string Name => "plain";
    public bool UsesReference => false;

    public Task<Transcript> RecognizeAsync(AudioBuffer audio, string reference, CancellationToken cancellationToken) =>
        recognizer.TranscribeAsync(audio, new TranscribeOptions { ReferenceText = reference }, cancellationToken);
}
