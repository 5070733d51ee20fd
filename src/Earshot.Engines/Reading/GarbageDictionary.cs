namespace Earshot.Engines.Reading;

/// <summary>
/// A pronunciation dictionary for reading grammars: the model's dictionary plus pseudo-words of one phone each
/// ("ga_aa AA"), from which a grammar builds a free phone loop ("garbage") that competes with the reference words.
/// The pseudo-words are not in the language model, so a decoder loaded with this dictionary transcribes as before;
/// it is still kept in its own decoder pool so the shared decoders never see them.
/// </summary>
public static class GarbageDictionary
{
    /// <summary>The phones of the CMU en-us acoustic model (without SIL).</summary>
    public static readonly IReadOnlyList<string> Phones =
    [
        "AA", "AE", "AH", "AO", "AW", "AY", "B", "CH", "D", "DH", "EH", "ER", "EY", "F", "G", "HH", "IH", "IY", "JH", "K",
        "L", "M", "N", "NG", "OW", "OY", "P", "R", "S", "SH", "T", "TH", "UH", "UW", "V", "W", "Y", "Z", "ZH",
    ];

    /// <summary>One phone per broad class (vowels front/central/back/diphthong, stops, fricatives, nasals, liquids, glides):
    /// a cheaper loop that still matches any speech roughly.</summary>
    public static readonly IReadOnlyList<string> BroadPhones = ["IY", "EH", "AE", "AH", "AA", "UW", "ER", "AY", "T", "K", "D", "S", "SH", "F", "DH", "N", "M", "L", "R", "W"];

    /// <summary>Pseudo-word prefixes: three loops for misread reference words (a word's loop is picked by its index
    /// modulo 3, so the loops of neighbouring words can be told apart in the result) and one for inserted speech.</summary>
    public static readonly IReadOnlyList<string> SubstitutionPrefixes = ["ga_", "gb_", "gc_"];

    public const string InsertionPrefix = "gi_";

    /// <summary>The pseudo-word of a phone in a loop ("ga_" + "AA" = "ga_aa").</summary>
    public static string Word(string prefix, string phone) => prefix + phone.ToLowerInvariant();

    /// <summary>The phone of a pseudo-word, or null when <paramref name="word"/> is a real word.</summary>
    public static string? PhoneOf(string word) =>
        word.Length > 3 && word[0] == 'g' && word[2] == '_' && word[1] is 'a' or 'b' or 'c' or 'i' ? word[3..].ToUpperInvariant() : null;

    /// <summary>Writes (once per source dictionary) the source plus the pseudo-words into the temp folder and returns its path.</summary>
    public static string Create(string sourceDictionaryPath)
    {
        var source = new FileInfo(sourceDictionaryPath);
        if (!source.Exists)
            throw new FileNotFoundException($"Dictionary '{sourceDictionaryPath}' not found.", sourceDictionaryPath);
        var path = Path.Combine(Path.GetTempPath(), $"earshot-reading-{source.Length}-{source.LastWriteTimeUtc.Ticks}-v1.dict");
        if (File.Exists(path))
            return path;
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        using (var writer = new StreamWriter(temp))
        {
            foreach (var line in File.ReadLines(source.FullName))
                writer.WriteLine(line);
            foreach (var prefix in SubstitutionPrefixes.Append(InsertionPrefix))
                foreach (var phone in Phones)
                    writer.WriteLine($"{Word(prefix, phone)} {phone}");
        }
        File.Move(temp, path, overwrite: true);
        return path;
    }
}
