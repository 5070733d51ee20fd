namespace Earshot.Engines.PocketSphinx;

/// <summary>How a free phone-loop decode (PocketSphinx allphone search) models its phones.</summary>
/// <param name="LanguageModelPath">A phone n-gram model (e.g. en-us-phone.lm.bin); null for an unconstrained loop.</param>
/// <param name="ContextIndependent">Context-independent phones only (-allphone_ci) instead of triphones: far fewer
/// hypotheses: about 30 times faster on the eval recordings (bench `reading`, docs/reading-assessment.md, session 7),
/// and scores of their own.</param>
public sealed record PhoneLoop(string? LanguageModelPath = null, bool ContextIndependent = false)
{
    /// <summary>Triphones, no phone model: the library's phone loop.</summary>
    public static PhoneLoop Triphones { get; } = new();
}
