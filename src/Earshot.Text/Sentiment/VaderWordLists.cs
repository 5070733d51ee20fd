namespace Earshot.Text.Sentiment;

/// <summary>The fixed word lists and constants of VADER (Hutto &amp; Gilbert 2014), as published with vader-sentiment 1.1.3.</summary>
internal static class VaderWordLists
{
    /// <summary>Mean intensity added by a booster ("very") or taken by a dampener ("kind of").</summary>
    public const double BoosterStep = 0.293;

    /// <summary>Intensity added to a sentiment word written in capitals when the text mixes case.</summary>
    public const double CapsEmphasis = 0.733;

    /// <summary>Factor applied to a word's valence when it is negated.</summary>
    public const double NegationScale = -0.74;

    /// <summary>Intensity added per exclamation mark, for up to <see cref="MaxExclamations"/> of them.</summary>
    public const double ExclamationStep = 0.292;

    public const int MaxExclamations = 4;

    /// <summary>Intensity per question mark when there are two or three.</summary>
    public const double QuestionStep = 0.18;

    /// <summary>Intensity for four or more question marks.</summary>
    public const double QuestionCap = 0.96;

    /// <summary>The α in x / √(x² + α) that maps summed valence onto [-1, 1].</summary>
    public const double NormalizationAlpha = 15;

    /// <summary>Punctuation that may be stripped from the start or end of a word (and nothing else).</summary>
    public static readonly string[] EdgePunctuation =
        [".", "!", "?", ",", ";", ":", "-", "'", "\"", "!!", "!!!", "??", "???", "?!?", "!?!", "?!?!", "!?!?"];

    /// <summary>ASCII punctuation; a word stripped of edge punctuation must contain none of it.</summary>
    public const string AsciiPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    public static readonly HashSet<string> Negations = new(StringComparer.Ordinal)
    {
        "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt",
        "ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't",
        "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither",
        "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't",
        "neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere",
        "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent",
        "oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't",
        "without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite",
    };

    /// <summary>Degree adverbs: +<see cref="BoosterStep"/> boosts, −<see cref="BoosterStep"/> dampens.</summary>
    public static readonly Dictionary<string, double> Boosters = BuildBoosters();

    /// <summary>Multi-word expressions whose valence replaces that of the sentiment word inside them.</summary>
    public static readonly Dictionary<string, double> Idioms = new(StringComparer.Ordinal)
    {
        ["the shit"] = 3,
        ["the bomb"] = 3,
        ["bad ass"] = 1.5,
        ["yeah right"] = -2,
        ["cut the mustard"] = 2,
        ["kiss of death"] = -1.5,
        ["hand to mouth"] = -2,
    };

    private static Dictionary<string, double> BuildBoosters()
    {
        string[] up =
        [
            "absolutely", "amazingly", "awfully", "completely", "considerably", "decidedly", "deeply", "effing",
            "enormously", "entirely", "especially", "exceptionally", "extremely", "fabulously", "flipping", "flippin",
            "fricking", "frickin", "frigging", "friggin", "fully", "fucking", "greatly", "hella", "highly", "hugely",
            "incredibly", "intensely", "majorly", "more", "most", "particularly", "purely", "quite", "really",
            "remarkably", "so", "substantially", "thoroughly", "totally", "tremendously", "uber", "unbelievably",
            "unusually", "utterly", "very",
        ];
        string[] down =
        [
            "almost", "barely", "hardly", "just enough", "kind of", "kinda", "kindof", "kind-of", "less", "little",
            "marginally", "occasionally", "partly", "scarcely", "slightly", "somewhat", "sort of", "sorta", "sortof",
            "sort-of",
        ];
        var boosters = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var word in up)
            boosters[word] = BoosterStep;
        foreach (var word in down)
            boosters[word] = -BoosterStep;
        return boosters;
    }
}
