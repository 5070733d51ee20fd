using Earshot.Engines.PocketSphinx;
using Earshot.Sdk;

namespace Earshot.Engines.Reading;

/// <summary>How well the audio a reference word was force-aligned to matches that word.</summary>
/// <param name="Index">Reference word index.</param>
/// <param name="StartFrame">First frame the forced alignment gave the word.</param>
/// <param name="EndFrame">Last frame (inclusive).</param>
/// <param name="Phones">Phones in the word's pronunciation (each needs at least three frames).</param>
/// <param name="AcousticPerFrame">Acoustic log-likelihood of the word's own phones over its frames, nats per frame.</param>
/// <param name="LoopPerFrame">Acoustic log-likelihood of the best free phone sequence over the same frames, nats per frame.</param>
public sealed record WordGop(int Index, int StartFrame, int EndFrame, int Phones, double AcousticPerFrame, double LoopPerFrame)
{
    public int Frames => EndFrame - StartFrame + 1;

    /// <summary>Goodness of pronunciation: log-likelihood ratio per frame of the word against a free phone loop; near 0
    /// when the word was said, clearly negative when something else (or nothing) was.</summary>
    public double Score => AcousticPerFrame - LoopPerFrame;

    /// <summary>Frames per phone: 3 is the least the model allows, the mark of a word squeezed into audio that has no room for it.</summary>
    public double FramesPerPhone => Phones == 0 ? 0 : (double)Frames / Phones;
}

/// <summary>Everything measured for one reading against one reference: the plain decode, its alignment with the
/// reference, and the goodness of pronunciation of each reference word from a forced alignment and a phone loop.</summary>
/// <param name="Words">Per reference word, from the strict forced alignment (every word in order); null where the word
/// could not be aligned (not in the dictionary, or the alignment did not reach the end of the reference).</param>
/// <param name="OptionalWords">Per reference word, from a forced alignment where each word may be skipped; null where it was.</param>
public sealed record GopScoring(string Reference, Transcript Plain, ReadingAssessment PlainAssessment, IReadOnlyList<WordGop?> Words,
    IReadOnlyList<WordGop?> OptionalWords, ScoredDecode Alignment, ScoredDecode OptionalAlignment, ScoredDecode Phones)
{
    /// <summary>Per reference word, the dictionary phones it is read with (a number read as several words: all of
    /// them); null where a word is not in the dictionary.</summary>
    public IReadOnlyList<string[]?> ReferencePhones { get; init; } = [];

    /// <summary>Per word of <see cref="Plain"/>, its dictionary phones (null for a filler the dictionary lacks).</summary>
    public IReadOnlyList<string[]?> PlainPhones { get; init; } = [];

    /// <summary>The better of reference word <paramref name="index"/>'s GOP in the two alignments; null when neither placed it.</summary>
    public double? BestScore(int index) => (Words[index]?.Score, OptionalWords[index]?.Score) switch
    {
        (null, null) => null,
        (var a, var b) => Math.Max(a ?? double.NegativeInfinity, b ?? double.NegativeInfinity),
    };

    /// <summary>Per-frame scale of the decoder's scores: log base 1.0001, shifted right by 10 bits (SENSCR_SHIFT).</summary>
    internal const double NatsPerUnit = 1024 * 9.99950003e-5;

    /// <summary>
    /// The stretch of the alignment with optional words where reference word <paramref name="index"/> is or would be:
    /// its own frames when aligned, else the gap between its aligned neighbours; and how many of those frames the phone
    /// loop hears as speech (not silence or noise). A skipped word with speech in its gap was misread; without, omitted.
    /// </summary>
    public (int Frames, int SpeechFrames) Gap(int index)
    {
        int first, last;
        if (OptionalWords[index] is { } own)
            (first, last) = (own.StartFrame, own.EndFrame);
        else
        {
            first = OptionalWords.Take(index).LastOrDefault(w => w is not null)?.EndFrame + 1 ?? 0;
            last = OptionalWords.Skip(index + 1).FirstOrDefault(w => w is not null)?.StartFrame - 1 ?? Math.Max(0, Phones.FrameCount - 1);
        }
        if (last < first)
            return (0, 0);
        var speech = Phones.Segments.Where(s => !IsFiller(s.Label)).Sum(s => Overlap(s.StartFrame, s.EndFrame, first, last));
        return (last - first + 1, speech);
    }

    /// <summary>
    /// What the forced alignment made of a stretch of time: the share of its frames given to reference words (rather
    /// than silence and fillers), and its acoustic score per frame against the phone loop over the same frames.
    /// </summary>
    public (double WordShare, double Score) Span(double start, double end)
    {
        var first = (int)Math.Floor(start * Alignment.FramesPerSecond);
        var last = Math.Max(first, (int)Math.Ceiling(end * Alignment.FramesPerSecond) - 1);
        var frames = last - first + 1;
        var wordFrames = 0.0;
        foreach (var s in Alignment.Segments.Where(s => !IsFiller(s.Label)))
            wordFrames += Overlap(s.StartFrame, s.EndFrame, first, last);
        var aligned = ScoreOver(Alignment, first, last, fallbackPerFrame: 0);
        var loop = ScoreOver(Phones, first, last, fallbackPerFrame: aligned / frames);
        return (wordFrames / frames, (aligned - loop) / frames);
    }

    /// <summary>Sum of the acoustic scores (nats) of <paramref name="decode"/> over frames first..last, a segment that
    /// straddles the edge counting pro rata; a segment without a score counts <paramref name="fallbackPerFrame"/> a frame.</summary>
    internal static double ScoreOver(ScoredDecode decode, int first, int last, double fallbackPerFrame)
    {
        var total = 0.0;
        foreach (var s in decode.Segments)
        {
            var overlap = Overlap(s.StartFrame, s.EndFrame, first, last);
            if (overlap == 0)
                continue;
            total += s.AcousticScore is { } score ? score * NatsPerUnit * overlap / s.Frames : fallbackPerFrame * overlap;
        }
        return total;
    }

    internal static int Overlap(int a0, int a1, int b0, int b1) => Math.Max(0, Math.Min(a1, b1) - Math.Max(a0, b0) + 1);

    /// <summary>Silence, noise and grammar-internal labels, as opposed to words.</summary>
    public static bool IsFiller(string label) => label.Length == 0 || label[0] is '<' or '[' or '+' || label is "NULL" or "SIL";
}
