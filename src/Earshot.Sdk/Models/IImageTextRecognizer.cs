namespace Earshot.Sdk.Models;

/// <summary>Image to text with word boxes. Safe to call from several threads at once.</summary>
public interface IImageTextRecognizer : IModel
{
    /// <param name="imagePath">A decoded, orientation-corrected PNG on local disk.</param>
    Task<ImageText> RecognizeAsync(string imagePath, CancellationToken cancellationToken);
}

/// <summary>Finds the stretches of an audio buffer that contain speech.</summary>
public interface IVoiceActivityDetector : IModel
{
    IReadOnlyList<TimeSpan2> DetectSpeech(AudioBuffer audio, CancellationToken cancellationToken);
}

/// <summary>Scores a text (sentiment, toxicity …); the result is a set of named figures.</summary>
public interface ITextAnalyzer : IModel
{
    IReadOnlyDictionary<string, double> Analyze(string text);
}
