using System.Text.RegularExpressions;

namespace Earshot.Text;

/// <summary>
/// Folds British and American spellings of a word to one form, so "colour" equals "color" without letting genuinely
/// different words with similar letters ("though"/"through", "amiable"/"amicable") blur together.
/// </summary>
/// <remarks>
/// Rules, each needing a few letters before the changed part so short words keep their identity ("four" is not "for",
/// "acre" stays "acre", "spelled" is not "speled"): -our(s/ed/ing/ite/able…) → -or after three letters;
/// -tre/-bre/-cre/-gre/-ltre… (s/d) → -ter… after two ("metre", "centre", "theatre"); -ise/-isation/-ising/-ised → -ize…
/// and -yse → -yze after three; -elled/-elling/-eller/-ellor → -eled… after three; -ogue → -og after three; "ae"
/// inside a word → "e" (encyclopaedia, haemoglobin); plus a short list of one-off pairs (grey/gray, defence/defense,
/// programme/program, manoeuvre/maneuver, …) and of words left alone because folding would make them another word.
/// </remarks>
public static partial class SpellingVariants
{
    private static readonly Dictionary<string, string> Words = new(StringComparer.Ordinal)
    {
        ["grey"] = "gray",
        ["greys"] = "grays",
        ["defence"] = "defense",
        ["offence"] = "offense",
        ["pretence"] = "pretense",
        ["licence"] = "license",
        ["programme"] = "program",
        ["programmes"] = "programs",
        ["plough"] = "plow",
        ["aluminium"] = "aluminum",
        ["cheque"] = "check",
        ["cheques"] = "checks",
        ["tyre"] = "tire",
        ["tyres"] = "tires",
        ["kerb"] = "curb",
        ["manoeuvre"] = "maneuver",
        ["manoeuvres"] = "maneuvers",
        ["foetus"] = "fetus",
        ["oestrogen"] = "estrogen",
        ["diarrhoea"] = "diarrhea",
        ["oesophagus"] = "esophagus",
        ["jewellery"] = "jewelry",
        ["storey"] = "story",
    };

    /// <summary>Words the rules would wrongly fold onto a different word ("timbre" is not "timber").</summary>
    private static readonly HashSet<string> Distinct = new(StringComparer.Ordinal) { "timbre", "timbres", "outre", "michael" };

    /// <summary>The folded (American) spelling of a normalised word; other words come back unchanged.</summary>
    public static string Canonical(string word)
    {
        if (word.Length < 5)
            return Words.GetValueOrDefault(word, word);
        if (Words.TryGetValue(word, out var listed))
            return listed;
        if (Distinct.Contains(word))
            return word;
        // The substring checks only skip regexes that could not match.
        if (word.Contains("our", StringComparison.Ordinal))
            word = OurEnding().Replace(word, "$1or$2");
        if (word.EndsWith("re", StringComparison.Ordinal) || word.EndsWith("res", StringComparison.Ordinal) || word.EndsWith("red", StringComparison.Ordinal))
            word = ReEnding().Replace(word, "$1$2er$3");
        if (word.Contains("is", StringComparison.Ordinal))
            word = IseEnding().Replace(word, "$1iz$2");
        if (word.Contains("ys", StringComparison.Ordinal))
            word = YseEnding().Replace(word, "$1yz$2");
        if (word.Contains("ell", StringComparison.Ordinal))
            word = DoubledL().Replace(word, "$1el$2");
        if (word.Contains("ogue", StringComparison.Ordinal))
            word = OgueEnding().Replace(word, "$1og$2");
        return word.Contains("ae", StringComparison.Ordinal) ? AeDigraph().Replace(word, "e") : word;
    }

    [GeneratedRegex("^([a-z]{3,})our(s|ed|ing|ite|ites|itism|able|ably|er|ers|ful|fully|less|ism|ist|ists|y|ies|hood)?$", RegexOptions.CultureInvariant)]
    private static partial Regex OurEnding();

    [GeneratedRegex("^([a-z]{2,}?)(t|b|m|c|v|l|g|p|ch)re(s|d)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ReEnding();

    [GeneratedRegex("^([a-z]{3,})is(e|es|ed|ing|ation|ations|ational|er|ers)$", RegexOptions.CultureInvariant)]
    private static partial Regex IseEnding();

    [GeneratedRegex("^([a-z]{3,})ys(e|es|ed|ing)$", RegexOptions.CultureInvariant)]
    private static partial Regex YseEnding();

    [GeneratedRegex("^([a-z]{3,})ell(ed|ing|er|ers|or|ors)$", RegexOptions.CultureInvariant)]
    private static partial Regex DoubledL();

    [GeneratedRegex("^([a-z]{3,})ogue(s)?$", RegexOptions.CultureInvariant)]
    private static partial Regex OgueEnding();

    [GeneratedRegex("(?<=^[a-z]+)ae(?=[a-z])", RegexOptions.CultureInvariant)]
    private static partial Regex AeDigraph();
}
