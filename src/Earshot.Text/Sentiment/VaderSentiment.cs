using static Earshot.Text.Sentiment.VaderWordLists;

namespace Earshot.Text.Sentiment;

/// <summary>
/// VADER rule-based sentiment (Hutto &amp; Gilbert 2014, "VADER: A Parsimonious Rule-based Model for Sentiment
/// Analysis of Social Media Text"), scoring with the vader-sentiment 1.1.3 lexicon.
/// </summary>
/// <remarks>
/// <para>Each word found in the lexicon takes its valence, then: ±0.733 when written in capitals in a mixed-case text;
/// ±0.293 for each booster/dampener among the three words before it (scaled 1, 0.95, 0.9 by distance, plus 0.733 when
/// the booster is in capitals); ×−0.74 for a negation word or "n't" word among those three ("never so/this" instead
/// boosts, "without doubt" does not negate); ×1.25 when "so"/"this" is right before it; idioms ("kiss of death",
/// "cut the mustard" …) replace the valence; "kind of"/"sort of" dampen; "least" negates unless "at/very least".
/// Booster words and "kind" in "kind of" score 0 themselves. Words before the first "but" are halved, words after it
/// ×1.5. The sum gains 0.292 per "!" (up to 4) and 0.18 per "?" for two or three (0.96 for more), and the compound
/// is x / √(x² + 15). Negative, neutral and positive are the shares of |negative|+1, neutral-word and positive+1
/// weight, the punctuation emphasis going to the dominant side.</para>
/// <para>Matches the published package's scores (its README and test sentences) except where that package compares
/// case-sensitively: here "BUT", "NOT", "Never" … work like their lower-case forms, as in the Python reference
/// implementation. Typographic quotes are folded first so "don’t" negates like "don't". Thread-safe.</para>
/// </remarks>
public sealed class VaderSentiment(VaderLexicon lexicon)
{
    /// <summary>The lexicon the scores come from.</summary>
    public VaderLexicon Lexicon { get; } = lexicon ?? throw new ArgumentNullException(nameof(lexicon));

    /// <summary>Loads the lexicon from <paramref name="lexiconPath"/> (models/vader/vader_lexicon.txt).</summary>
    public static VaderSentiment Load(string lexiconPath) => new(VaderLexicon.Load(lexiconPath));

    /// <summary>Splits text into sentences with their spans (see <see cref="SentenceSplitter"/>).</summary>
    public static IReadOnlyList<Sentence> SplitSentences(string? text) => SentenceSplitter.Split(text);

    /// <summary>Scores the whole text as one unit (VADER is designed for sentences and short posts).</summary>
    public SentimentScores PolarityScores(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return SentimentScores.Empty;
        text = TextNormalizer.FoldQuotes(text);
        var words = new VaderText(text);
        if (words.Words.Length == 0)
            return SentimentScores.Empty;

        var valences = new double[words.Words.Length];
        for (var i = 0; i < valences.Length; i++)
            valences[i] = WordValence(words, i);
        ShiftAroundBut(words.Lower, valences);
        return Summarise(valences, text);
    }

    /// <summary>Splits <paramref name="text"/> into sentences and scores each.</summary>
    public IReadOnlyList<SentenceSentiment> ScoreSentences(string? text) =>
        SplitSentences(text).Select(s => new SentenceSentiment(s, PolarityScores(s.Text))).ToArray();

    private double WordValence(VaderText text, int i)
    {
        var lower = text.Lower;
        if (Boosters.ContainsKey(lower[i]) || (lower[i] == "kind" && i + 1 < lower.Length && lower[i + 1] == "of"))
            return 0;
        if (!Lexicon.TryGetValence(lower[i], out var valence))
            return 0;

        if (text.MixedCase && VaderText.IsShouted(text.Words[i]))
            valence += valence > 0 ? CapsEmphasis : -CapsEmphasis;

        for (var distance = 1; distance <= 3 && distance <= i; distance++)
        {
            if (Lexicon.Contains(lower[i - distance]))
                continue;
            valence += BoosterShift(text, i - distance, valence) * distance switch { 2 => 0.95, 3 => 0.9, _ => 1 };
            valence = ApplyNegation(lower, i, distance, valence);
            if (distance == 3)
                valence = ApplyIdioms(lower, i, valence);
        }
        return ApplyLeast(lower, i, valence);
    }

    private static double BoosterShift(VaderText text, int at, double valence)
    {
        if (!Boosters.TryGetValue(text.Lower[at], out var shift))
            return 0;
        if (valence < 0)
            shift = -shift;
        if (text.MixedCase && VaderText.IsShouted(text.Words[at]))
            shift += valence > 0 ? CapsEmphasis : -CapsEmphasis;
        return shift;
    }

    private static double ApplyNegation(string[] w, int i, int distance, double valence)
    {
        static bool SoOrThis(string word) => word is "so" or "this";
        return distance switch
        {
            1 when IsNegation(w[i - 1]) => valence * NegationScale,
            2 when w[i - 2] == "never" && SoOrThis(w[i - 1]) => valence * 1.5,
            2 when w[i - 2] == "without" && w[i - 1] == "doubt" => valence,
            2 when IsNegation(w[i - 2]) => valence * NegationScale,
            3 when (w[i - 3] == "never" && SoOrThis(w[i - 2])) || SoOrThis(w[i - 1]) => valence * 1.25,
            3 when w[i - 3] == "without" && (w[i - 2] == "doubt" || w[i - 1] == "doubt") => valence,
            3 when IsNegation(w[i - 3]) => valence * NegationScale,
            _ => valence,
        };
    }

    private static bool IsNegation(string lowerWord) =>
        Negations.Contains(lowerWord) || lowerWord.Contains("n't", StringComparison.Ordinal);

    private static double ApplyIdioms(string[] w, int i, double valence)
    {
        string[] before =
        [
            $"{w[i - 1]} {w[i]}", $"{w[i - 2]} {w[i - 1]} {w[i]}", $"{w[i - 2]} {w[i - 1]}",
            $"{w[i - 3]} {w[i - 2]} {w[i - 1]}", $"{w[i - 3]} {w[i - 2]}",
        ];
        foreach (var phrase in before)
        {
            if (Idioms.TryGetValue(phrase, out var idiom))
            {
                valence = idiom;
                break;
            }
        }
        if (i + 1 < w.Length && Idioms.TryGetValue($"{w[i]} {w[i + 1]}", out var next))
            valence = next;
        if (i + 2 < w.Length && Idioms.TryGetValue($"{w[i]} {w[i + 1]} {w[i + 2]}", out var nextTwo))
            valence = nextTwo;
        if (Boosters.ContainsKey(before[4]) || Boosters.ContainsKey(before[2]))
            valence -= BoosterStep;
        return valence;
    }

    private double ApplyLeast(string[] w, int i, double valence)
    {
        if (i == 0 || w[i - 1] != "least" || Lexicon.Contains("least"))
            return valence;
        return i > 1 && w[i - 2] is "at" or "very" ? valence : valence * NegationScale;
    }

    private static void ShiftAroundBut(string[] lower, double[] valences)
    {
        var but = Array.IndexOf(lower, "but");
        if (but < 0)
            return;
        for (var k = 0; k < valences.Length; k++)
        {
            if (k < but)
                valences[k] *= 0.5;
            else if (k > but)
                valences[k] *= 1.5;
        }
    }

    private static SentimentScores Summarise(double[] valences, string text)
    {
        var emphasis = PunctuationEmphasis(text);
        var sum = valences.Sum();
        if (sum > 0)
            sum += emphasis;
        else if (sum < 0)
            sum -= emphasis;
        var compound = Math.Clamp(sum / Math.Sqrt(sum * sum + NormalizationAlpha), -1, 1);

        double positive = 0, negative = 0;
        var neutral = 0;
        foreach (var valence in valences)
        {
            if (valence > 0)
                positive += valence + 1;
            else if (valence < 0)
                negative += valence - 1;
            else
                neutral++;
        }
        if (positive > Math.Abs(negative))
            positive += emphasis;
        else if (positive < Math.Abs(negative))
            negative -= emphasis;

        var total = positive + Math.Abs(negative) + neutral;
        return new SentimentScores(Math.Abs(negative / total), Math.Abs(neutral / total), Math.Abs(positive / total), compound);
    }

    private static double PunctuationEmphasis(string text)
    {
        var exclamations = Math.Min(text.Count(c => c == '!'), MaxExclamations);
        var questions = text.Count(c => c == '?');
        var questionEmphasis = questions switch
        {
            <= 1 => 0,
            <= 3 => questions * QuestionStep,
            _ => QuestionCap,
        };
        return exclamations * ExclamationStep + questionEmphasis;
    }
}
