using System.Globalization;

namespace Earshot.Text.Sentiment;

/// <summary>
/// VADER's sentiment lexicon: lower-case words, emoticons and phrases with their mean valence (about -4 to +4).
/// </summary>
/// <remarks>
/// Read from <c>vader_lexicon.txt</c>: one entry a line, tab-separated token, mean valence, standard deviation and
/// the raw ratings; only the first two fields are used. When a token is listed twice the later line wins, as in the
/// published JavaScript package. Immutable and thread-safe once loaded.
/// </remarks>
public sealed class VaderLexicon
{
    private readonly Dictionary<string, double> _valences;

    private VaderLexicon(Dictionary<string, double> valences) => _valences = valences;

    /// <summary>Number of distinct entries.</summary>
    public int Count => _valences.Count;

    /// <summary>Loads the lexicon file at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">A line has no tab or no numeric valence.</exception>
    public static VaderLexicon Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new FileNotFoundException("VADER lexicon not found; run scripts/install-models.sh.", path);
        return Parse(File.ReadLines(path), path);
    }

    /// <summary>Builds a lexicon from lines in the file format (for tests and embedded copies).</summary>
    public static VaderLexicon Parse(IEnumerable<string> lines, string source = "lexicon")
    {
        ArgumentNullException.ThrowIfNull(lines);
        var valences = new Dictionary<string, double>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            var fields = line.Split('\t');
            if (fields.Length < 2 || fields[0].Length == 0
                || !double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var valence))
                throw new FormatException($"{source}:{number}: expected 'token<TAB>valence', got '{line}'.");
            valences[fields[0]] = valence;
        }
        return new VaderLexicon(valences);
    }

    /// <summary>The valence of a lower-case token, if listed.</summary>
    public bool TryGetValence(string token, out double valence) => _valences.TryGetValue(token, out valence);

    /// <summary>Whether a lower-case token is listed.</summary>
    public bool Contains(string token) => _valences.ContainsKey(token);
}
