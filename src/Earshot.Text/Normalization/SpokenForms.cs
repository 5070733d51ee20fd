using System.Globalization;

namespace Earshot.Text;

/// <summary>
/// Plausible spoken readings of a written token (digits, ordinals, percentages, money, a few abbreviations), so that
/// "1455" can match "fourteen fifty five" and "Mr" can match "mister".
/// </summary>
/// <remarks>
/// Readings are in the same form as <see cref="Token.Normal"/> (lower case, no hyphens). Supported: whole numbers up to
/// <see cref="NumberWords.MaxValue"/> (cardinal, with/without British "and", "a hundred"/"a thousand", year style for
/// four digits, digit by digit with "zero"/"oh" for two to twelve digits), ordinals (<c>1st</c>, <c>22nd</c>),
/// decades/plurals (<c>1990s</c>, <c>90s</c>), decimals (<c>3.5</c> → "three point five"), percentages and
/// <c>$ £ €</c> amounts. Contractions are not expanded ("don't" does not equal "do not").
/// </remarks>
public static class SpokenForms
{
    private static readonly Dictionary<string, string[][]> Abbreviations = new(StringComparer.Ordinal)
    {
        ["&"] = [["and"]],
        ["n"] = [["and"]],
        ["mr"] = [["mister"]],
        ["mrs"] = [["missus"], ["misses"]],
        ["ms"] = [["miss"], ["mizz"]],
        ["dr"] = [["doctor"], ["drive"]],
        ["st"] = [["saint"], ["street"]],
        ["jr"] = [["junior"]],
        ["sr"] = [["senior"]],
        ["vs"] = [["versus"]],
        ["etc"] = [["et", "cetera"]],
        ["ok"] = [["okay"]],
    };

    private static readonly Dictionary<char, (string Singular, string Plural, string Cent, string Cents)> Currencies = new()
    {
        ['$'] = ("dollar", "dollars", "cent", "cents"),
        ['£'] = ("pound", "pounds", "penny", "pence"),
        ['€'] = ("euro", "euros", "cent", "cents"),
    };

    /// <summary>
    /// The readings of a normalised token, each a sequence of normalised words; empty when the token is read as written.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> Readings(string normal)
    {
        var readings = new List<IReadOnlyList<string>>();
        if (string.IsNullOrEmpty(normal))
            return readings;
        if (Abbreviations.TryGetValue(normal, out var expansions))
        {
            readings.AddRange(expansions);
            return readings;
        }
        if (!normal.Any(char.IsAsciiDigit))
            return readings;

        if (Currencies.TryGetValue(normal[0], out var currency))
            AddMoney(readings, normal[1..], currency);
        else if (normal.EndsWith('%'))
            AddPercent(readings, normal[..^1]);
        else if (IsDigits(normal))
            AddInteger(readings, normal);
        else if (TrySplitSuffix(normal, out var digits, out var suffix))
            AddSuffixed(readings, digits, suffix);
        else if (IsDecimal(normal))
            AddDecimal(readings, normal);

        return Distinct(readings, normal);
    }

    private static void AddInteger(List<IReadOnlyList<string>> readings, string digits, bool digitByDigit = true)
    {
        if (digits.Length > 1 && digits[0] == '0')
        {
            if (digitByDigit)
                AddDigitByDigit(readings, digits);
            return;
        }
        if (digits.Length <= 15 && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            var cardinal = NumberWords.Cardinal(value);
            readings.Add(cardinal);
            readings.Add(NumberWords.Cardinal(value, britishAnd: true));
            if (cardinal.Count >= 2 && cardinal[0] == "one" && cardinal[1] is "hundred" or "thousand" or "million")
            {
                readings.Add(["a", .. cardinal.Skip(1)]);
            }
            if (digits.Length == 4)
                readings.AddRange(NumberWords.YearStyle((int)value));
        }
        if (digitByDigit && digits.Length is >= 2 and <= 12)
            AddDigitByDigit(readings, digits);
    }

    private static void AddDigitByDigit(List<IReadOnlyList<string>> readings, string digits)
    {
        readings.Add(digits.Select(d => NumberWords.Digit(d - '0')).ToArray());
        if (digits.Contains('0'))
            readings.Add(digits.Select(d => d == '0' ? "oh" : NumberWords.Digit(d - '0')).ToArray());
    }

    private static void AddSuffixed(List<IReadOnlyList<string>> readings, string digits, string suffix)
    {
        var spelled = new List<IReadOnlyList<string>>();
        AddInteger(spelled, digits, digitByDigit: false);
        switch (suffix)
        {
            case "st" or "nd" or "rd" or "th":
                readings.AddRange(spelled.Select(NumberWords.Ordinal));
                break;
            case "s" or "'s":
                readings.AddRange(spelled.Select(r => (IReadOnlyList<string>)[.. r.Take(r.Count - 1), NumberWords.Plural(r[^1])]));
                break;
        }
    }

    private static void AddDecimal(List<IReadOnlyList<string>> readings, string number)
    {
        var dot = number.IndexOf('.');
        var whole = number[..dot];
        var fraction = number[(dot + 1)..].Select(d => NumberWords.Digit(d - '0')).ToArray();
        if (whole.Length == 0 || whole == "0")
        {
            readings.Add(["zero", "point", .. fraction]);
            readings.Add(["oh", "point", .. fraction]);
            readings.Add(["point", .. fraction]);
            return;
        }
        var wholes = new List<IReadOnlyList<string>>();
        AddInteger(wholes, whole);
        readings.AddRange(wholes.Select(w => (IReadOnlyList<string>)[.. w, "point", .. fraction]));
    }

    private static void AddPercent(List<IReadOnlyList<string>> readings, string number)
    {
        var numbers = new List<IReadOnlyList<string>>();
        if (IsDigits(number))
            AddInteger(numbers, number);
        else if (IsDecimal(number))
            AddDecimal(numbers, number);
        foreach (var reading in numbers)
        {
            readings.Add([.. reading, "percent"]);
            readings.Add([.. reading, "per", "cent"]);
        }
    }

    private static void AddMoney(List<IReadOnlyList<string>> readings, string amount,
        (string Singular, string Plural, string Cent, string Cents) currency)
    {
        var dot = amount.IndexOf('.');
        var whole = dot < 0 ? amount : amount[..dot];
        var fraction = dot < 0 ? "" : amount[(dot + 1)..];
        if (!IsDigits(whole) || (fraction.Length > 0 && (fraction.Length != 2 || !IsDigits(fraction))))
            return;
        if (whole.Length > 15 || !long.TryParse(whole, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            return;
        var unit = value == 1 ? currency.Singular : currency.Plural;
        var wholeWords = NumberWords.Cardinal(value);
        if (fraction.Length == 0 || fraction == "00")
        {
            readings.Add([.. wholeWords, unit]);
            return;
        }
        var cents = int.Parse(fraction, CultureInfo.InvariantCulture);
        var centWords = NumberWords.Cardinal(cents);
        var centUnit = cents == 1 ? currency.Cent : currency.Cents;
        readings.Add([.. wholeWords, unit, .. centWords, centUnit]);
        readings.Add([.. wholeWords, unit, "and", .. centWords, centUnit]);
        readings.Add([.. wholeWords, .. centWords]);
    }

    private static bool TrySplitSuffix(string normal, out string digits, out string suffix)
    {
        var k = 0;
        while (k < normal.Length && char.IsAsciiDigit(normal[k]))
            k++;
        digits = normal[..k];
        suffix = normal[k..];
        return k > 0 && suffix is "st" or "nd" or "rd" or "th" or "s" or "'s";
    }

    private static bool IsDigits(string text) => text.Length > 0 && text.All(char.IsAsciiDigit);

    private static bool IsDecimal(string text)
    {
        var dot = text.IndexOf('.');
        return dot >= 0 && dot == text.LastIndexOf('.') && dot < text.Length - 1
            && text.Remove(dot, 1).All(char.IsAsciiDigit);
    }

    private static List<IReadOnlyList<string>> Distinct(List<IReadOnlyList<string>> readings, string normal)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { normal };
        return readings.Where(r => r.Count > 0 && seen.Add(string.Join(' ', r))).ToList();
    }
}
