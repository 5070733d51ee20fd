using Earshot.Sdk;

namespace Earshot.Engines.PocketSphinx;

/// <summary>Turns decoder output into <see cref="Transcript"/>s: fillers dropped, alternate-pronunciation marks removed, frames to seconds.</summary>
internal static class TranscriptAssembler
{
    public static Transcript FromUtterances(IEnumerable<DecodedUtterance> utterances, int sampleRate, int framesPerSecond, long sampleOffset = 0)
    {
        var segments = new List<TranscriptSegment>();
        var words = new List<RecognizedWord>();
        foreach (var utterance in utterances)
        {
            var utteranceWords = Words(utterance, sampleRate, framesPerSecond, sampleOffset);
            if (utteranceWords.Count == 0)
                continue;
            segments.Add(new TranscriptSegment(utteranceWords[0].Start, utteranceWords[^1].End,
                string.Join(' ', utteranceWords.Select(w => w.Word))));
            words.AddRange(utteranceWords);
        }
        return segments.Count == 0
            ? Transcript.Empty
            : new Transcript(string.Join(' ', segments.Select(s => s.Text)), segments, words);
    }

    public static List<RecognizedWord> Words(DecodedUtterance utterance, int sampleRate, int framesPerSecond, long sampleOffset = 0)
    {
        var offset = (double)(utterance.StartSample - sampleOffset) / sampleRate;
        var limit = (double)(utterance.EndSample - sampleOffset) / sampleRate;
        var words = new List<RecognizedWord>();
        foreach (var segment in utterance.Segments)
        {
            if (IsFiller(segment.Word))
                continue;
            var start = Math.Clamp(offset + (double)segment.StartFrame / framesPerSecond, 0, limit);
            var end = Math.Clamp(offset + (double)(segment.EndFrame + 1) / framesPerSecond, start, limit);
            words.Add(new RecognizedWord(WithoutAlternateMark(segment.Word), start, end, segment.Confidence));
        }
        return words;
    }

    /// <summary>Silence, sentence boundaries and noise models: &lt;s&gt;, &lt;/s&gt;, &lt;sil&gt;, [NOISE], [SPEECH], ++GARBAGE++.</summary>
    public static bool IsFiller(string word) =>
        word.Length == 0 || word[0] is '<' or '[' || word.StartsWith("++", StringComparison.Ordinal);

    /// <summary>"read(2)" names the second pronunciation of "read".</summary>
    public static string WithoutAlternateMark(string word)
    {
        var open = word.LastIndexOf('(');
        if (open <= 0 || !word.EndsWith(')') || open + 2 >= word.Length)
            return word;
        return word.AsSpan(open + 1, word.Length - open - 2).ContainsAnyExceptInRange('0', '9') ? word : word[..open];
    }
}
