namespace Earshot.Engines.PocketSphinx;

/// <summary>A word, filler or phone of a decode, with its frames (inclusive) and acoustic score.</summary>
/// <param name="Label">The word (alternate-pronunciation mark kept, e.g. "read(2)"), filler ("&lt;sil&gt;", "[NOISE]") or phone ("AH", "SIL").</param>
/// <param name="AcousticScore">Acoustic log-likelihood in the decoder's scaled log units; null where the library gave none.</param>
/// <param name="Confidence">Posterior probability of the segment where the search computes one, else 0 or 1.</param>
public sealed record ScoredSegment(string Label, int StartFrame, int EndFrame, int? AcousticScore, double Confidence)
{
    public int Frames => EndFrame - StartFrame + 1;
}

/// <summary>
/// A decode of a whole buffer as one utterance, so frame numbers count from the buffer's first sample and two decodes
/// of the same buffer (a forced alignment and a phone loop) score exactly the same frames.
/// </summary>
public sealed record ScoredDecode(int FramesPerSecond, int FrameCount, IReadOnlyList<ScoredSegment> Segments)
{
    public static readonly ScoredDecode Empty = new(100, 0, []);

    public double Seconds(int frame) => (double)frame / FramesPerSecond;
}
