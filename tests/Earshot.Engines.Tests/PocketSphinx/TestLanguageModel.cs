using System.Globalization;
using System.Text;
using Earshot.Engines.PocketSphinx;

namespace Earshot.Engines.Tests.PocketSphinx;

/// <summary>
/// A temporary uniform unigram ARPA model: the given words plus the first entries of the Debian dictionary as
/// distractors (a model of only a handful of words makes PocketSphinx spend seconds mapping the dictionary into it).
/// </summary>
internal sealed class TestLanguageModel : IDisposable
{
    private TestLanguageModel(string path, IReadOnlySet<string> vocabulary)
    {
        Path = path;
        Vocabulary = vocabulary;
    }

    public string Path { get; }
    public IReadOnlySet<string> Vocabulary { get; }

    public static TestLanguageModel Create(IEnumerable<string> words, int distractors = 2000)
    {
        var dictionary = System.IO.Path.Combine(PocketSphinxOptions.DebianModelDirectory, "cmudict-en-us.dict");
        var vocabulary = File.ReadLines(dictionary).Take(distractors).Select(l => l.Split(' ')[0])
            .Where(w => !w.Contains('(')).Concat(words).ToHashSet(StringComparer.Ordinal);
        var logProbability = Math.Log10(1.0 / (vocabulary.Count + 1)).ToString("F4", CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"\\data\\\nngram 1={vocabulary.Count + 2}\n\n\\1-grams:\n");
        text.Append(CultureInfo.InvariantCulture, $"{logProbability} </s>\n-99.0000 <s>\n");
        foreach (var word in vocabulary)
            text.Append(CultureInfo.InvariantCulture, $"{logProbability} {word}\n");
        text.Append("\n\\end\\\n");
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"earshot-test-{Guid.NewGuid():N}.lm");
        File.WriteAllText(path, text.ToString());
        return new TestLanguageModel(path, vocabulary);
    }

    public void Dispose() => File.Delete(Path);
}
