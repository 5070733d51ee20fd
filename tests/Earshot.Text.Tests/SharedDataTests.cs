using Earshot.Testing;
using Earshot.Text.Sentiment;

namespace Earshot.Text.Tests;

/// <summary>Checks on the real transcripts and OCR ground truth in ../shared/eval.</summary>
public class SharedDataTests
{
    private static string OcrText(string relative) => File.ReadAllText(Path.Combine(RepositoryPaths.OcrDir, relative));

    [Fact]
    public void HyphenatedOcrGroundTruthReadsAsWholeWords()
    {
        var page = OcrText("tesseract-test/8071_093.3B.txt");
        Assert.Contains("-\n", page);
        var normals = TextNormalizer.Tokenize(page).Select(t => t.Normal).ToHashSet();
        Assert.Contains("ziglar", normals);
        Assert.DoesNotContain("zig-", normals);

        var reflowed = page.Replace("-\n", "").Replace('\n', ' ');
        Assert.Equal(0, ErrorRates.WordErrorRate(page, reflowed).Errors);
        Assert.Equal(0, ErrorRates.CharacterErrorRate(page, reflowed).Errors);
    }

    [Fact]
    public void SimulatedOcrConfusionsAreCountedExactly()
    {
        var page = OcrText("tesseract-test/8087_054.3B.txt");
        var damaged = page;
        var replaced = 0;
        for (var at = damaged.IndexOf(" the ", StringComparison.Ordinal); at >= 0 && replaced < 10; at = damaged.IndexOf(" the ", at + 1, StringComparison.Ordinal))
        {
            damaged = damaged[..(at + 2)] + "n" + damaged[(at + 3)..];
            replaced++;
        }
        Assert.Equal(10, replaced);

        var words = ErrorRates.WordErrorRate(page, damaged);
        Assert.Equal(new ErrorRate(10, 0, 0, TextNormalizer.Tokenize(page).Count), words);
        var characters = ErrorRates.CharacterErrorRate(page, damaged);
        Assert.Equal((10, 0, 0), (characters.Substitutions, characters.Deletions, characters.Insertions));
        Assert.Equal(TextNormalizer.Normalize(page).Length, characters.ReferenceLength);
    }

    [Fact]
    public void SpokenNumbersInTranscriptsMatchWrittenDigits()
    {
        var sample = SpeechManifest.Load().Single(s => s.File.EndsWith("LJ001-0007.wav", StringComparison.Ordinal));
        Assert.Contains("fourteen fifty-five", sample.Transcript);
        var written = sample.Transcript.Replace("forty-two", "42").Replace("fourteen fifty-five", "1455");
        Assert.Equal(0, ErrorRates.WordErrorRate(sample.Transcript, written).Errors);
        Assert.Equal(0, ErrorRates.WordErrorRate(written, sample.Transcript).Errors);
    }

    [Fact]
    public void CorpusWordErrorRateCountsDroppedWordsOverTheManifest()
    {
        var samples = SpeechManifest.Load();
        Assert.True(samples.Count >= 30);
        var expectedDeletions = 0;
        var rates = new List<ErrorRate>();
        foreach (var sample in samples)
        {
            var words = sample.Transcript.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var kept = words.Where((_, index) => index % 5 != 2).ToArray();
            expectedDeletions += TextNormalizer.Tokenize(string.Join(' ', words.Where((_, index) => index % 5 == 2))).Count;
            rates.Add(ErrorRates.WordErrorRate(sample.Transcript, string.Join(' ', kept)));
        }

        var total = ErrorRate.Sum(rates);
        Assert.Equal(samples.Sum(s => TextNormalizer.Tokenize(s.Transcript).Count), total.ReferenceLength);
        // A dropped word may be a neighbour's twin ("one to one"), so the script can pair differently but never costs more.
        Assert.InRange(total.Errors, expectedDeletions - 5, expectedDeletions);
        Assert.Equal(0, total.Insertions);
    }

    [Fact]
    public void MatchPhrasesLocatesAnErrorInsideRealSegments()
    {
        var text = string.Join(' ', SpeechManifest.Load().Where(s => s.Dataset.StartsWith("LibriVox", StringComparison.Ordinal)).Select(s => s.Transcript));
        var words = text.Split(' ');
        var segments = words.Chunk(7).Select(chunk => string.Join(' ', chunk)).ToArray();
        var target = Array.FindIndex(segments, s => s.Contains(" amiable ", StringComparison.Ordinal));
        Assert.True(target >= 0);
        segments[target] = segments[target].Replace(" amiable ", " amicable ");

        var errors = CompatTextAlgorithms.MatchPhrases(segments, text);
        for (var k = 0; k < segments.Length; k++)
        {
            if (k != target)
                Assert.Empty(errors[k]);
        }
        var error = Assert.Single(errors[target]);
        Assert.Equal(("amicable", "amiable"), (error.Incorrect, error.Correct));
        Assert.Equal("amicable", segments[target].Substring(error.Index, error.Incorrect.Length));
        Assert.Equal("amiable", text.Substring(error.TextIndex, error.Correct.Length));
    }

    [Fact]
    public void FindPhrasesLocatesAQuoteAcrossRealSegments()
    {
        var jfk = SpeechManifest.Load().Single(s => s.File.StartsWith("jfk/", StringComparison.Ordinal)).Transcript;
        var segments = jfk.Split(',');
        Assert.Equal([1, 2], CompatTextAlgorithms.FindPhrases(segments, "what your country can do for you ask what you can do"));
    }

    [Fact]
    public void SentencesOfAnOcrPageMapBackOntoThePage()
    {
        var page = OcrText("tesseract-test/8071_093.3B.txt");
        var sentences = VaderFixture.Vader.ScoreSentences(page);
        Assert.True(sentences.Count > 10, $"{sentences.Count} sentences");
        foreach (var (sentence, scores) in sentences)
        {
            Assert.Equal(sentence.Text, page.Substring(sentence.Start, sentence.Length));
            Assert.InRange(scores.Compound, -1, 1);
        }
    }
}
