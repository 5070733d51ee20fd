namespace Earshot.Text.Sentiment;

/// <summary>A sentence and where it sits in the text it was split from.</summary>
/// <param name="Text">The sentence, without surrounding whitespace.</param>
/// <param name="Start">Character offset of <paramref name="Text"/> in the original text.</param>
/// <param name="Length">Length of <paramref name="Text"/>.</param>
public sealed record Sentence(string Text, int Start, int Length)
{
    /// <summary>Offset just past the sentence.</summary>
    public int End => Start + Length;
}
