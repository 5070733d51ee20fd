namespace Earshot.Text;

/// <summary>Spells numbers as English words (American style, no hyphens): 1455 → "one thousand four hundred fifty five".</summary>
public static class NumberWords
{
    private static readonly string[] Small =
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    ];

    private static readonly string[] Tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

    private static readonly (long Value, string Name)[] Scales =
    [
        (1_000_000_000_000, "trillion"), (1_000_000_000, "billion"), (1_000_000, "million"), (1_000, "thousand"),
    ];

    /// <summary>Largest value <see cref="Cardinal"/> spells.</summary>
    public const long MaxValue = 999_999_999_999_999;

    /// <summary>The cardinal reading of <paramref name="value"/>; with <paramref name="britishAnd"/> an "and" follows
    /// "hundred" when tens or units follow ("one hundred and five").</summary>
    public static IReadOnlyList<string> Cardinal(long value, bool britishAnd = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxValue);
        var words = new List<string>();
        if (value == 0)
        {
            words.Add("zero");
            return words;
        }
        foreach (var (scale, name) in Scales)
        {
            if (value < scale)
                continue;
            AppendBelowThousand(words, (int)(value / scale), britishAnd);
            words.Add(name);
            value %= scale;
        }
        if (value > 0)
            AppendBelowThousand(words, (int)value, britishAnd);
        return words;
    }

    /// <summary>Turns a cardinal reading into the ordinal one: "twenty one" → "twenty first", "twelve" → "twelfth".</summary>
    public static IReadOnlyList<string> Ordinal(IReadOnlyList<string> cardinal)
    {
        if (cardinal.Count == 0)
            return cardinal;
        var words = cardinal.ToList();
        words[^1] = OrdinalOf(words[^1]);
        return words;
    }

    /// <summary>The word for a single digit 0–9.</summary>
    public static string Digit(int digit) => Small[digit];

    /// <summary>Plural of a number word, as in decades: "ninety" → "nineties", "six" → "sixes".</summary>
    public static string Plural(string word) => word switch
    {
        _ when word.EndsWith('y') => word[..^1] + "ies",
        _ when word.EndsWith('x') => word + "es",
        _ => word + "s",
    };

    /// <summary>
    /// Readings of a four-digit number as a year or in hundreds: 1455 → "fourteen fifty five" and
    /// "fourteen hundred fifty five", 1905 → "nineteen oh five", 1900 → "nineteen hundred", 2019 → "twenty nineteen".
    /// Empty outside 1000–9999 and for whole thousands (2000 is only "two thousand"); no "hundred" forms when the
    /// first two digits end in zero (2019 is not "twenty hundred nineteen").
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> YearStyle(int value)
    {
        var readings = new List<IReadOnlyList<string>>();
        if (value is < 1000 or > 9999 || value % 1000 == 0)
            return readings;
        var high = value / 100;
        var low = value % 100;
        var highWords = new List<string>();
        AppendBelowHundred(highWords, high);

        if (low == 0)
        {
            if (high % 10 != 0)
                readings.Add([.. highWords, "hundred"]);
            return readings;
        }

        var lowWords = new List<string>();
        if (low < 10)
            lowWords.AddRange(["oh", Small[low]]);
        else
            AppendBelowHundred(lowWords, low);
        readings.Add([.. highWords, .. lowWords]);
        if (high % 10 == 0)
            return readings; // "twenty hundred nineteen" is not said

        var hundredsLow = new List<string>();
        AppendBelowHundred(hundredsLow, low);
        readings.Add([.. highWords, "hundred", .. hundredsLow]);
        readings.Add([.. highWords, "hundred", "and", .. hundredsLow]);
        return readings;
    }

    private static void AppendBelowThousand(List<string> words, int value, bool britishAnd)
    {
        if (value >= 100)
        {
            words.Add(Small[value / 100]);
            words.Add("hundred");
            value %= 100;
            if (value > 0 && britishAnd)
                words.Add("and");
        }
        if (value > 0)
            AppendBelowHundred(words, value);
    }

    private static void AppendBelowHundred(List<string> words, int value)
    {
        if (value < 20)
        {
            words.Add(Small[value]);
            return;
        }
        words.Add(Tens[value / 10]);
        if (value % 10 > 0)
            words.Add(Small[value % 10]);
    }

    private static string OrdinalOf(string word) => word switch
    {
        "one" => "first",
        "two" => "second",
        "three" => "third",
        "five" => "fifth",
        "eight" => "eighth",
        "nine" => "ninth",
        "twelve" => "twelfth",
        _ when word.EndsWith('y') => word[..^1] + "ieth",
        _ => word + "th",
    };
}
