using System.Text.RegularExpressions;
using Earshot.Sdk;
using Whisper.net;

namespace Earshot.Engines.Whisper;

/// <summary>Turns Whisper segments and their tokens into Earshot's transcript: segments as Whisper cut them, words
/// built from sub-word tokens (a token starting with a space starts a word), times from token-level timestamps.</summary>
public static partial class WhisperTranscripts
{
    public static Transcript From(IReadOnlyList<SegmentData> segments, double audioSeconds)
    {
        var kept = new List<TranscriptSegment>();
        var words = new List<RecognizedWord>();
        foreach (var segment in segments)
        {
            var text = segment.Text.Trim();
            // Whisper writes non-speech as an annotation such as [BLANK_AUDIO] or (music): not words anyone said.
            if (text.Length == 0 || Annotation().IsMatch(text))
                continue;
            var (start, end) = (Clamp(segment.Start.TotalSeconds, audioSeconds), Clamp(segment.End.TotalSeconds, audioSeconds));
            kept.Add(new TranscriptSegment(start, Math.Max(start, end), text));
            words.AddRange(Words(segment.Tokens ?? [], start, Math.Max(start, end)));
        }
        return kept.Count == 0 ? Transcript.Empty : new Transcript(string.Join(' ', kept.Select(s => s.Text)), kept, words);
    }

    /// <summary>Words of one segment; token times are in hundredths of a second and kept inside the segment.</summary>
    internal static IEnumerable<RecognizedWord> Words(IReadOnlyList<WhisperToken> tokens, double segmentStart, double segmentEnd)
    {
        var text = "";
        double start = 0, end = 0, probability = 1;
        foreach (var token in tokens)
        {
            var piece = token.Text ?? "";
            if (piece.Length == 0 || piece.StartsWith("[_", StringComparison.Ordinal) || piece.StartsWith("<|", StringComparison.Ordinal))
                continue;
            var tokenStart = Math.Clamp(token.Start / 100.0, segmentStart, segmentEnd);
            var tokenEnd = Math.Clamp(token.End / 100.0, tokenStart, segmentEnd);
            if (piece[0] == ' ' && text.Length > 0)
            {
                if (Finish(text, start, end, probability) is { } word)
                    yield return word;
                text = "";
            }
            if (text.Length == 0)
                (start, probability) = (tokenStart, 1);
            text += piece;
            end = Math.Max(tokenEnd, start);
            probability *= Math.Clamp(token.Probability, 0f, 1f);
        }
        if (Finish(text, start, end, probability) is { } last)
            yield return last;
    }

    /// <summary>Moves every time by <paramref name="seconds"/> (a stream chunk's start).</summary>
    public static Transcript Shift(Transcript transcript, double seconds) => seconds == 0 || ReferenceEquals(transcript, Transcript.Empty)
        ? transcript
        : new Transcript(transcript.Text,
            [.. transcript.Segments.Select(s => s with { Start = s.Start + seconds, End = s.End + seconds })],
            [.. transcript.Words.Select(w => w with { Start = w.Start + seconds, End = w.End + seconds })]);

    /// <summary>Joins consecutive transcripts into one.</summary>
    public static Transcript Join(IReadOnlyList<Transcript> parts)
    {
        var nonEmpty = parts.Where(p => p.Text.Length > 0 || p.Words.Count > 0).ToList();
        return nonEmpty.Count switch
        {
            0 => Transcript.Empty,
            1 => nonEmpty[0],
            _ => new Transcript(string.Join(' ', nonEmpty.Select(p => p.Text)), [.. nonEmpty.SelectMany(p => p.Segments)], [.. nonEmpty.SelectMany(p => p.Words)]),
        };
    }

    private static RecognizedWord? Finish(string text, double start, double end, double probability)
    {
        var word = text.Trim().Trim(Punctuation);
        return word.Length == 0 ? null : new RecognizedWord(word, start, end, probability);
    }

    private static double Clamp(double seconds, double audioSeconds) => Math.Clamp(seconds, 0, Math.Max(0, audioSeconds));

    private static readonly char[] Punctuation = ['.', ',', '!', '?', ';', ':', '"', '“', '”', '(', ')', '[', ']', '…', '-', '—'];

    [GeneratedRegex(@"^[\[\(][^\]\)]*[\]\)]$")]
    private static partial Regex Annotation();
}
