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

    /// <summary>What was heard, plus (for methods that combine two decodes) a second opinion that may confirm words the first missed.</summary>
    async Task<ReadingHeard> HearAsync(AudioBuffer audio, string reference, CancellationToken cancellationToken) =>
        new(await RecognizeAsync(audio, reference, cancellationToken), null);
}

/// <summary>A decode of a reading; <see cref="Confirming"/>, when set, is a second decode that can confirm reference words.</summary>
public sealed record ReadingHeard(Transcript Primary, Transcript? Confirming)
{
    /// <summary>An assessment the recogniser already made (acoustic scoring against the reference); used by
    /// <see cref="Assess"/> for that same reference instead of aligning <see cref="Primary"/> with it.</summary>
    public ReadingAssessment? Assessed { get; init; }

    public ReadingAssessment Assess(string reference, ReadingAssessorOptions? options = null) =>
        Assessed is { } done && done.Reference == reference
            ? done with { Scores = ReadingAssessor.Score(done.Words, Primary.Words, options ?? ReadingAssessorOptions.Default) }
            : ReadingAssessor.Assess(reference, Primary, options, Confirming);
}

/// <summary>Ignores the reference: what any speech recogniser hears.</summary>
public sealed class PlainReadingRecognizer(ISpeechRecognizer recognizer) : IReadingRecognizer
{
    public string Name => "plain";
    public bool UsesReference => false;

    public Task<Transcript> RecognizeAsync(AudioBuffer audio, string reference, CancellationToken cancellationToken) =>
        recognizer.TranscribeAsync(audio, new TranscribeOptions { ReferenceText = reference }, cancellationToken);
}
