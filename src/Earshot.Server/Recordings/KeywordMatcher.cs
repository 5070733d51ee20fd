using Earshot.Sdk;
using Earshot.Text;

namespace Earshot.Server.Recordings;

/// <summary>
/// Finds keywords among recognised words after <see cref="TextNormalizer"/> normalisation on both sides, so case and
/// punctuation do not matter and a multi-word keyword matches the same words in a row. Occurrences do not overlap.
/// </summary>
public static class KeywordMatcher
{
    /// <summary>The keyword's normal form: its tokens joined by single spaces (empty for a keyword without words).</summary>
    public static string Normalize(string keyword) => TextNormalizer.Normalize(keyword);

    /// <summary>
    /// Why <paramref name="keyword"/> (already trimmed) cannot be a keyword — "is empty", "is N characters long; the limit
    /// is M", "has no word in it" — or null when it can. The routes reject such a keyword with 422; a stream's
    /// phrase_list, which has no one to answer, drops it.
    /// </summary>
    public static string? Problem(string? keyword, int maxLength) =>
        string.IsNullOrEmpty(keyword) ? "is empty"
        : keyword.Length > maxLength ? $"is {keyword.Length} characters long; the limit is {maxLength}"
        : Normalize(keyword).Length == 0 ? $"('{keyword}') has no word in it"
        : null;

    public static IReadOnlyList<KeywordHit> FindInWords(IReadOnlyList<RecognizedWord> words, IReadOnlyList<string> keywords)
    {
        // Every token of the recognised text, with the index of the word it came from.
        var tokens = words.SelectMany((w, i) => TextNormalizer.Tokenize(w.Word).Select(t => (t.Normal, Word: i))).ToList();
        var hits = new List<KeywordHit>();
        foreach (var keyword in keywords)
        {
            var wanted = TextNormalizer.Tokenize(keyword).Select(t => t.Normal).ToArray();
            if (wanted.Length == 0)
                continue;
            for (var p = 0; p + wanted.Length <= tokens.Count;)
            {
                if (!Matches(tokens, p, wanted))
                {
                    p++;
                    continue;
                }
                var spoken = words.Skip(tokens[p].Word).Take(tokens[p + wanted.Length - 1].Word - tokens[p].Word + 1).ToList();
                hits.Add(new KeywordHit(keyword, spoken[0].Start, spoken[^1].End, spoken.Average(w => w.Confidence), [HitSource.Transcript]));
                p += wanted.Length;
            }
        }
        return hits;
    }

    /// <summary>
    /// Joins hits of one keyword whose time spans overlap (from either source) into one hit spanning both, with the
    /// higher confidence and every source named; the result is ordered by start time.
    /// </summary>
    public static IReadOnlyList<KeywordHit> MergeOverlapping(IEnumerable<KeywordHit> hits)
    {
        var merged = new List<KeywordHit>();
        foreach (var group in hits.GroupBy(h => h.Keyword))
        {
            KeywordHit? open = null;
            foreach (var hit in group.OrderBy(h => h.Start))
            {
                if (open is not null && hit.Start < open.End)
                {
                    open = open with
                    {
                        End = Math.Max(open.End, hit.End),
                        Confidence = Math.Max(open.Confidence, hit.Confidence),
                        Sources = open.Sources.Union(hit.Sources).Order().ToList(),
                    };
                    continue;
                }
                if (open is not null)
                    merged.Add(open);
                open = hit;
            }
            if (open is not null)
                merged.Add(open);
        }
        return merged.OrderBy(h => h.Start).ThenBy(h => h.Keyword, StringComparer.Ordinal).ToList();
    }

    /// <summary>How often each keyword occurs among the words (the transcript source), zero included.</summary>
    public static IReadOnlyDictionary<string, int> Count(IReadOnlyList<string> keywords, IReadOnlyList<KeywordHit> transcriptHits) =>
        keywords.ToDictionary(k => k, k => transcriptHits.Count(h => h.Keyword == k));

    private static bool Matches(List<(string Normal, int Word)> tokens, int at, string[] wanted)
    {
        for (var k = 0; k < wanted.Length; k++)
        {
            if (!string.Equals(tokens[at + k].Normal, wanted[k], StringComparison.Ordinal))
                return false;
        }
        return true;
    }
}
