namespace Earshot.Text;

/// <summary>Character-level search of a text across a list of phrases (the seed's find_phrases).</summary>
internal static class PhraseFinder
{
    private const double MinWordOverlap = 0.5;

    public static PhraseMatch? Find(IReadOnlyList<string?> phrases, string? toFind, double margin)
    {
        var pattern = string.Join(' ', PreparedWords(toFind));
        if (pattern.Length == 0)
            return null;

        var words = new List<(string Word, int Phrase, int Start)>();
        var position = 0;
        for (var p = 0; p < phrases.Count; p++)
        {
            foreach (var word in PreparedWords(phrases[p]))
            {
                words.Add((word, p, position));
                position += word.Length + 1;
            }
        }
        if (words.Count == 0)
            return null;
        var text = string.Join(' ', words.Select(w => w.Word));

        var (start, end, distance) = BestWindow(pattern, text);
        var width = (int)Math.Ceiling(pattern.Length * margin);
        if (end - start < width)
        {
            var extra = width - (end - start);
            start = Math.Max(0, start - extra / 2);
            end = Math.Min(text.Length, end + extra - extra / 2);
        }

        var chosen = WholeWords(words, start, end);
        return new PhraseMatch(
            chosen.Select(w => w.Phrase).Distinct().Order().ToArray(),
            Math.Max(0, 1 - (double)distance / pattern.Length),
            string.Join(' ', chosen.Select(w => w.Word)));
    }

    /// <summary>Lower-case letters and digits of each word; words left empty are dropped.</summary>
    public static IEnumerable<string> PreparedWords(string? text) =>
        TextNormalizer.Tokenize(text)
            .Select(t => new string(t.Normal.Where(char.IsLetterOrDigit).ToArray()))
            .Where(w => w.Length > 0);

    /// <summary>
    /// Semi-global edit distance: the substring of <paramref name="text"/> closest to <paramref name="pattern"/>
    /// (shortest among equals, then earliest), in O(|pattern|·|text|) time and O(|text|) memory.
    /// </summary>
    private static (int Start, int End, int Distance) BestWindow(string pattern, string text)
    {
        var previous = new int[text.Length + 1];
        var current = new int[text.Length + 1];
        var previousStart = new int[text.Length + 1];
        var currentStart = new int[text.Length + 1];
        for (var j = 0; j <= text.Length; j++)
            previousStart[j] = j;

        for (var i = 1; i <= pattern.Length; i++)
        {
            current[0] = i;
            currentStart[0] = 0;
            for (var j = 1; j <= text.Length; j++)
            {
                var cost = previous[j - 1] + (pattern[i - 1] == text[j - 1] ? 0 : 1);
                var from = previousStart[j - 1];
                Prefer(ref cost, ref from, previous[j] + 1, previousStart[j]);
                Prefer(ref cost, ref from, current[j - 1] + 1, currentStart[j - 1]);
                current[j] = cost;
                currentStart[j] = from;
            }
            (previous, current) = (current, previous);
            (previousStart, currentStart) = (currentStart, previousStart);
        }

        var bestEnd = 0;
        for (var j = 1; j <= text.Length; j++)
        {
            if (previous[j] < previous[bestEnd]
                || (previous[j] == previous[bestEnd] && j - previousStart[j] < bestEnd - previousStart[bestEnd]))
                bestEnd = j;
        }
        return (previousStart[bestEnd], bestEnd, previous[bestEnd]);
    }

    private static void Prefer(ref int cost, ref int start, int candidateCost, int candidateStart)
    {
        if (candidateCost < cost || (candidateCost == cost && candidateStart > start))
        {
            cost = candidateCost;
            start = candidateStart;
        }
    }

    /// <summary>Words at least half inside the window, or the one most inside it when none is.</summary>
    private static List<(string Word, int Phrase, int Start)> WholeWords(List<(string Word, int Phrase, int Start)> words, int start, int end)
    {
        var chosen = new List<(string Word, int Phrase, int Start)>();
        (string Word, int Phrase, int Start)? mostInside = null;
        var mostOverlap = 0;
        foreach (var word in words)
        {
            var overlap = Math.Min(end, word.Start + word.Word.Length) - Math.Max(start, word.Start);
            if (overlap <= 0)
                continue;
            if (overlap >= MinWordOverlap * word.Word.Length)
                chosen.Add(word);
            if (overlap > mostOverlap)
            {
                mostOverlap = overlap;
                mostInside = word;
            }
        }
        if (chosen.Count == 0 && mostInside is { } fallback)
            chosen.Add(fallback);
        return chosen;
    }
}
