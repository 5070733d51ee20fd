namespace Earshot.Sdk.Models;

/// <summary>What a model does; routes and pipelines pick models by kind.</summary>
public enum ModelKind
{
    SpeechRecognizer,
    ImageTextRecognizer,
    VoiceActivityDetector,
    TextAnalyzer,
}

/// <summary>Describes a loaded model: shown by the models routes and stored beside every result it produced.</summary>
public sealed record ModelInfo(
    string Name,
    ModelKind Kind,
    IReadOnlyList<string> Languages,
    string Description,
    string Version);

/// <summary>Every engine a plugin offers implements this; engines are created once and shared.</summary>
public interface IModel
{
    ModelInfo Info { get; }
}
