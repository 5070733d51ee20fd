using System.Diagnostics;
using Earshot.Text;

namespace Earshot.Text.Tests;

public class WordAlignerTests
{
    private static string Describe(WordAlignment alignment) => string.Join(" | ", alignment.Ops.Select(op =>
    {
        var reference = string.Join(' ', alignment.Reference.Skip(op.RefStart).Take(op.RefCount).Select(t => t.Normal));
        var hypothesis = string.Join(' ', alignment.Hypothesis.Skip(op.HypStart).Take(op.HypCount).Select(t => t.Normal));
        return op.Kind switch
        {
            EditKind.Match => $"={reference}",
            EditKind.Substitute => $"{reference}>{hypothesis}",
            EditKind.Delete => $"-{reference}",
            _ => $"+{hypothesis}",
        };
    }));

    /// <summary>Every token of both sides is covered once, in order.</summary>
    private static void AssertCoversBothSides(WordAlignment alignment)
    {
        int refPosition = 0, hypPosition = 0;
        foreach (var op in alignment.Ops)
        {
            Assert.Equal(refPosition, op.RefStart);
            Assert.Equal(hypPosition, op.HypStart);
            refPosition = op.RefEnd;
            hypPosition = op.HypEnd;
        }
        Assert.Equal(alignment.Reference.Count, refPosition);
        Assert.Equal(alignment.Hypothesis.Count, hypPosition);
    }

    [Fact]
    public void IdenticalTextsMatchWordForWord()
    {
        var alignment = WordAligner.Align("The cat sat.", "the CAT sat");
        Assert.All(alignment.Ops, op => Assert.Equal(EditKind.Match, op.Kind));
        Assert.Equal(3, alignment.Matches);
        AssertCoversBothSides(alignment);
    }

    [Fact]
    public void EmptySidesGiveOnlyDeletionsOrInsertions()
    {
        Assert.Empty(WordAligner.Align("", "").Ops);
        Assert.Empty(WordAligner.Align("?!", "...").Ops);

        var deletions = WordAligner.Align("one two", "");
        Assert.Equal("-one | -two", Describe(deletions));
        Assert.All(deletions.Ops, op => Assert.Equal(0, op.HypStart));

        var insertions = WordAligner.Align(null, "one two");
        Assert.Equal("+one | +two", Describe(insertions));
        Assert.All(insertions.Ops, op => Assert.Equal(0, op.RefStart));
    }

    [Fact]
    public void SubstitutionDeletionAndInsertionAreFound()
    {
        var alignment = WordAligner.Align("the quick brown fox jumps", "the quack fox jumps high");
        Assert.Equal("=the | quick>quack | -brown | =fox | =jumps | +high", Describe(alignment));
        Assert.Equal((1, 1, 1), (alignment.Substitutions, alignment.Deletions, alignment.Insertions));
        AssertCoversBothSides(alignment);

        var insert = alignment.Ops[^1];
        Assert.Equal(5, insert.RefStart);
        Assert.Equal(4, insert.HypStart);
        var delete = alignment.Ops[2];
        Assert.Equal(2, delete.RefStart);
        Assert.Equal(2, delete.HypStart);
    }

    [Fact]
    public void ErrorCountIsTheWordLevenshteinDistance()
    {
        var random = new Random(5);
        string[] vocabulary = ["a", "b", "c", "dd", "eee"];
        for (var trial = 0; trial < 300; trial++)
        {
            var reference = Enumerable.Range(0, random.Next(0, 12)).Select(_ => vocabulary[random.Next(5)]).ToArray();
            var hypothesis = Enumerable.Range(0, random.Next(0, 12)).Select(_ => vocabulary[random.Next(5)]).ToArray();
            var alignment = WordAligner.Align(string.Join(' ', reference), string.Join(' ', hypothesis));
            AssertCoversBothSides(alignment);
            Assert.Equal(ReferenceDistance.Levenshtein(reference, hypothesis), alignment.Substitutions + alignment.Deletions + alignment.Insertions);
        }
    }

    [Fact]
    public void AmongEqualScriptsSimilarWordsArePaired()
    {
        // Substituting "cat" by "cut" is as cheap in errors as substituting "the" by "cut", but far more plausible.
        Assert.Equal("-the | cat>cut", Describe(WordAligner.Align("the cat", "cut")));
        Assert.Equal("the>thy | -cat", Describe(WordAligner.Align("the cat", "thy")));
        // Keeping an identical word matched beats two substitutions of unrelated words.
        Assert.Equal("-x | =yes | +z", Describe(WordAligner.Align("x yes", "yes z")));
    }

    [Fact]
    public void SpellingVariantsMatch()
    {
        var alignment = WordAligner.Align("the colour of the theatre was grey", "the color of the theater was gray");
        Assert.All(alignment.Ops, op => Assert.Equal(EditKind.Match, op.Kind));
        Assert.Equal(AlignmentNote.NearMatch, alignment.Ops[1].Notes);
        Assert.Equal(AlignmentNote.NearMatch, alignment.Ops[4].Notes);
        Assert.Equal(AlignmentNote.NearMatch, alignment.Ops[6].Notes);
        Assert.Equal(AlignmentNote.None, alignment.Ops[0].Notes);
    }

    [Theory]
    [InlineData("though", "through")]
    [InlineData("amiable", "amicable")]
    [InlineData("walks", "walk")]
    [InlineData("cat", "cut")]
    [InlineData("four", "for")]
    public void SimilarLookingDifferentWordsAreSubstitutions(string reference, string hypothesis) =>
        Assert.Equal(EditKind.Substitute, WordAligner.Align(reference, hypothesis).Ops.Single().Kind);

    [Fact]
    public void DistanceBasedNearMatchesAreOptIn()
    {
        var loose = new WordAlignerOptions { NearMatchThreshold = 0.2 };
        var near = WordAligner.Align("amiable", "amicable", loose).Ops.Single();
        Assert.Equal((EditKind.Match, AlignmentNote.NearMatch), (near.Kind, near.Notes));
        Assert.Equal(EditKind.Substitute, WordAligner.Align("walks", "walk", loose).Ops.Single().Kind);
        Assert.Equal(EditKind.Substitute, WordAligner.Align("cat", "cut", loose with { MinNearMatchLength = 3 }).Ops.Single().Kind);
        Assert.Equal(EditKind.Match, WordAligner.Align("cats", "cat", new WordAlignerOptions { NearMatchThreshold = 0.3, MinNearMatchLength = 3 }).Ops.Single().Kind);
    }

    [Fact]
    public void SpellingVariantsCanBeDisabled()
    {
        var strict = new WordAlignerOptions { MatchSpellingVariants = false };
        Assert.Equal(EditKind.Substitute, WordAligner.Align("colour", "color", strict).Ops.Single().Kind);
    }

    [Fact]
    public void DigitsMatchMultiWordReadingsInEitherDirection()
    {
        var spoken = WordAligner.Align("In 1455 the 42 line Bible", "in fourteen fifty five the forty two line bible");
        Assert.Equal(0, spoken.Substitutions + spoken.Deletions + spoken.Insertions);
        var year = spoken.Ops[1];
        Assert.Equal((EditKind.Match, 1, 1, 1, 3, AlignmentNote.Equivalent), (year.Kind, year.RefStart, year.RefCount, year.HypStart, year.HypCount, year.Notes));
        AssertCoversBothSides(spoken);

        var written = WordAligner.Align("fourteen fifty-five", "1455");
        var op = Assert.Single(written.Ops);
        Assert.Equal((EditKind.Match, 0, 2 + 1, 0, 1), (op.Kind, op.RefStart, op.RefCount, op.HypStart, op.HypCount));
    }

    [Fact]
    public void SingleWordReadingsAndAbbreviationsMatch()
    {
        var alignment = WordAligner.Align("Mr. Smith came 3rd on the 3 o'clock", "mister smith came third on the three o'clock");
        Assert.Equal(0, alignment.Substitutions + alignment.Deletions + alignment.Insertions);
        Assert.Equal(AlignmentNote.Equivalent, alignment.Ops[0].Notes);
        Assert.Equal(AlignmentNote.Equivalent, alignment.Ops[3].Notes);
    }

    [Fact]
    public void WrongNumberIsAnErrorAndReadingsCanBeDisabled()
    {
        Assert.NotEqual(0, WordAligner.Align("1455", "fourteen fifty six").Substitutions);
        var noReadings = new WordAlignerOptions { UseSpokenForms = false };
        Assert.Equal(EditKind.Substitute, WordAligner.Align("3", "three", noReadings).Ops.Single().Kind);
    }

    [Fact]
    public void RepetitionsAreAnnotated()
    {
        var alignment = WordAligner.Align("the cat sat on the mat", "the the cat sat on the mat");
        var insert = Assert.Single(alignment.Ops, op => op.Kind == EditKind.Insert);
        Assert.True(insert.Notes.HasFlag(AlignmentNote.Repetition));

        var phrase = WordAligner.Align("the cat sat down", "the cat the cat sat down");
        Assert.All(phrase.Ops.Where(op => op.Kind == EditKind.Insert), op => Assert.True(op.Notes.HasFlag(AlignmentNote.Repetition)));
        Assert.Equal(2, phrase.Insertions);
    }

    [Fact]
    public void SelfCorrectionsAreAnnotated()
    {
        var alignment = WordAligner.Align("the cat sat", "the cut cat sat");
        var attempt = Assert.Single(alignment.Ops, op => op.Kind == EditKind.Insert);
        Assert.Equal(AlignmentNote.SelfCorrection, attempt.Notes);
        Assert.Equal(1, attempt.RefStart);

        var partials = WordAligner.Align("a elephant", "a e ele elephant");
        Assert.All(partials.Ops.Where(op => op.Kind == EditKind.Insert), op => Assert.Equal(AlignmentNote.SelfCorrection, op.Notes));
    }

    [Fact]
    public void UnrelatedInsertionsAreNotAnnotated()
    {
        var alignment = WordAligner.Align("the cat sat", "the big cat sat");
        Assert.Equal(AlignmentNote.None, Assert.Single(alignment.Ops, op => op.Kind == EditKind.Insert).Notes);
    }

    [Fact]
    public void TwoThousandWordsAlignQuickly()
    {
        var random = new Random(3);
        var vocabulary = Enumerable.Range(0, 700).Select(i => $"w{(char)('a' + i % 26)}{i}").ToArray();
        var reference = Enumerable.Range(0, 2000).Select(_ => vocabulary[random.Next(vocabulary.Length)]).ToArray();
        var hypothesis = reference.Where(_ => random.NextDouble() > 0.05)
            .Select(w => random.NextDouble() < 0.1 ? vocabulary[random.Next(vocabulary.Length)] : w).ToArray();
        var referenceTokens = TextNormalizer.Tokenize(string.Join(' ', reference));
        var hypothesisTokens = TextNormalizer.Tokenize(string.Join(' ', hypothesis));
        WordAligner.Align(referenceTokens.Take(50).ToArray(), hypothesisTokens.Take(50).ToArray());

        var watch = Stopwatch.StartNew();
        var alignment = WordAligner.Align(referenceTokens, hypothesisTokens);
        var aligning = watch.Elapsed;
        watch.Restart();
        var distance = ReferenceDistance.Levenshtein(reference, hypothesis);
        var plain = watch.Elapsed;

        AssertCoversBothSides(alignment);
        Assert.Equal(distance, alignment.Substitutions + alignment.Deletions + alignment.Insertions);
        // About 0.1 s on an idle core. Compared with a bare word Levenshtein timed alongside, so that a loaded
        // shared machine or a debug build moves both; the absolute cap catches anything pathological.
        Assert.True(aligning < 10 * plain + TimeSpan.FromSeconds(1), $"aligner {aligning}, plain Levenshtein {plain}");
        Assert.True(aligning < TimeSpan.FromSeconds(20), $"took {aligning}");
    }

    [Fact]
    public void BandedAlignmentAgreesWhenTextsStayInStep()
    {
        var random = new Random(9);
        var vocabulary = Enumerable.Range(0, 300).Select(i => $"v{(char)('a' + i % 26)}{i}").ToArray();
        var reference = Enumerable.Range(0, 1500).Select(_ => vocabulary[random.Next(vocabulary.Length)]).ToArray();
        var hypothesis = reference.Where(_ => random.NextDouble() > 0.03)
            .Select(w => random.NextDouble() < 0.08 ? vocabulary[random.Next(vocabulary.Length)] : w).ToArray();
        var full = WordAligner.Align(string.Join(' ', reference), string.Join(' ', hypothesis));
        var banded = WordAligner.Align(string.Join(' ', reference), string.Join(' ', hypothesis), new WordAlignerOptions { MaxCells = 300_000 });

        AssertCoversBothSides(banded);
        Assert.Equal(full.Substitutions + full.Deletions + full.Insertions, banded.Substitutions + banded.Deletions + banded.Insertions);
    }

    [Fact]
    public void VeryUnevenLengthsStillAlignInsideTheBand()
    {
        var reference = string.Join(' ', Enumerable.Repeat("word", 3000));
        var alignment = WordAligner.Align(reference, "word", new WordAlignerOptions { MaxCells = 10_000 });
        AssertCoversBothSides(alignment);
        Assert.Equal(2999, alignment.Deletions);
        Assert.Equal(1, alignment.Matches);
    }
}
