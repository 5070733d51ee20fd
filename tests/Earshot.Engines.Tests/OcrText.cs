using System.Text.RegularExpressions;
using Earshot.Text;

namespace Earshot.Engines.Tests;

/// <summary>How the OCR tests score a page: the product's own exact CER, whitespace runs counting as one space.</summary>
internal static partial class OcrText
{
    public static double CharacterErrorRate(string reference, string hypothesis, bool ignoreCase = false) =>
        ignoreCase
            ? ErrorRates.CharacterErrorRate(reference.ToLowerInvariant(), hypothesis.ToLowerInvariant(), normalize: false).Rate
            : ErrorRates.CharacterErrorRate(reference, hypothesis, normalize: false).Rate;

    public static string CollapseWhitespace(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
