using Earshot.Engines.Reading;
using Earshot.Sdk;

namespace Earshot.Engines.Tests.Reading;

public sealed class ReadingAssessorTests
{
    /// <summary>A transcript whose words are 0.4 s long with 0.1 s gaps, unless a word is given as "word@start".</summary>
    private static Transcript Heard(params string[] words)
    {
        var list = new List<RecognizedWord>();
        var t = 0.5;
        foreach (var entry in words)
        {
            var parts = entry.Split('@');
            if (parts.Length == 2)
                t = double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            list.Add(new RecognizedWord(parts[0], t, t + 0.4, 0.9));
            t += 0.5;
        }
        return new Transcript(string.Join(' ', list.Select(w => w.Word)), [], list);
    }

    [Fact]
    public void Perfect_reading_is_all_correct_with_full_scores()
    {
        var result = ReadingAssessor.Assess("The cat sat on the mat.", Heard("the", "cat", "sat", "on", "the", "mat"));

        Assert.All(result.Words, w => Assert.Equal(ReadingStatus.Correct, w.Status));
        Assert.Empty(result.Insertions);
        Assert.Equal(100, result.Scores.Accuracy);
        Assert.Equal(100, result.Scores.Completeness);
        // 6 words from 0.5 s to 3.4 s: 2.9 s of reading
        Assert.Equal(2.9, result.Scores.ReadingTime, 3);
        Assert.Equal(Math.Round(6 / (2.9 / 60), 1), result.Scores.WordsCorrectPerMinute);
        Assert.Equal(1.0, result.Words[1].Start);
        Assert.Equal(1.4, result.Words[1].End);
    }

    [Fact]
    public void Words_keep_their_place_in_the_reference_text()
    {
        const string reference = "Hello,  brave new-world!";
        var result = ReadingAssessor.Assess(reference, Heard("hello", "brave", "new", "world"));

        Assert.Equal(["Hello", "brave", "new", "world"], result.Words.Select(w => reference.Substring(w.CharStart, w.CharLength)));
        Assert.Equal([0, 1, 2, 3], result.Words.Select(w => w.Index));
    }

    [Fact]
    public void Substitution_omission_and_insertion_are_told_apart()
    {
        var result = ReadingAssessor.Assess("the big dog ran home", Heard("the", "bag", "dog", "very", "home"));
        // "ran" → "very" is a substitution in the minimal script; check a clear omission and insertion separately below
        Assert.Equal(ReadingStatus.Substitution, result.Words[1].Status);
        Assert.Equal("bag", result.Words[1].Heard);

        var skipped = ReadingAssessor.Assess("the big dog ran home", Heard("the", "big", "ran", "home", "quickly"));
        Assert.Equal(ReadingStatus.Omission, skipped.Words[2].Status);
        Assert.Null(skipped.Words[2].Start);
        Assert.Equal(0, skipped.Words[2].Confidence);
        var extra = Assert.Single(skipped.Insertions);
        Assert.Equal("quickly", extra.Word);
        Assert.Equal(ReadingStatus.Insertion, extra.Status);
        Assert.Equal(5, extra.BeforeIndex);
        Assert.Equal(80, skipped.Scores.Accuracy);
        Assert.Equal(80, skipped.Scores.Completeness);
    }

    [Fact]
    public void Repetition_is_an_extra_word_and_does_not_cost_accuracy()
    {
        var result = ReadingAssessor.Assess("the cat sat", Heard("the", "the", "cat", "sat"));

        var repeated = Assert.Single(result.Insertions);
        Assert.Equal(ReadingStatus.Repetition, repeated.Status);
        Assert.Equal(100, result.Scores.Accuracy);
    }

    [Fact]
    public void Wrong_attempt_then_right_word_is_a_self_correction()
    {
        var result = ReadingAssessor.Assess("the cat sat", Heard("the", "cut", "cat", "sat"));

        Assert.Equal(ReadingStatus.SelfCorrection, result.Words[1].Status);
        Assert.Equal(ReadingStatus.Correct, result.Words[2].Status);
        Assert.Equal("cut", Assert.Single(result.Insertions).Word);
        Assert.Equal(100, result.Scores.Accuracy);
    }

    [Fact]
    public void Numbers_read_aloud_match_their_digits()
    {
        var result = ReadingAssessor.Assess("in 1455 they", Heard("in", "fourteen", "fifty", "five", "they"));

        Assert.All(result.Words, w => Assert.Equal(ReadingStatus.Correct, w.Status));
        Assert.Equal(1.0, result.Words[1].Start);
        Assert.Equal(2.4, result.Words[1].End);
    }

    [Fact]
    public void Silence_omits_every_word_and_scores_zero()
    {
        var result = ReadingAssessor.Assess("one two three", Transcript.Empty);

        Assert.All(result.Words, w => Assert.Equal(ReadingStatus.Omission, w.Status));
        Assert.Equal(new ReadingScores(0, 0, 0, 0, []), result.Scores with { LongPauses = [] });
        Assert.Empty(result.Scores.LongPauses);
    }

    [Fact]
    public void Long_pauses_are_listed_and_reading_time_spans_first_to_last_word()
    {
        var result = ReadingAssessor.Assess("one two three four", Heard("one", "two", "three@3.0", "four"));

        var pause = Assert.Single(result.Scores.LongPauses);
        Assert.Equal(1.4, pause.Start, 6);
        Assert.Equal(3.0, pause.End, 6);
        Assert.Equal(3.9 - 0.5, result.Scores.ReadingTime, 3); // "four" runs 3.5–3.9 s
        var strict = ReadingAssessor.Assess("one two three four", Heard("one", "two", "three@3.0", "four"), new ReadingAssessorOptions { LongPauseSeconds = 2 });
        Assert.Empty(strict.Scores.LongPauses);
    }

    [Fact]
    public void Teacher_override_recomputes_scores()
    {
        var heard = Heard("the", "bag", "dog");
        var result = ReadingAssessor.Assess("the big dog", heard);
        Assert.Equal(66.7, result.Scores.Accuracy);

        var overridden = ReadingAssessor.WithStatus(result, 1, ReadingStatus.Correct, heard.Words);

        Assert.Equal(ReadingStatus.Correct, overridden.Words[1].Status);
        Assert.Equal(100, overridden.Scores.Accuracy);
        Assert.Equal(result.Scores.ReadingTime, overridden.Scores.ReadingTime);
        Assert.Throws<ArgumentOutOfRangeException>(() => ReadingAssessor.WithStatus(result, 3, ReadingStatus.Correct, heard.Words));
        Assert.Throws<ArgumentException>(() => ReadingAssessor.WithStatus(result, 0, ReadingStatus.Insertion, heard.Words));
    }

    [Fact]
    public void A_confirming_decode_rescues_words_it_has_right_but_not_words_it_also_misses()
    {
        var grammar = Heard("the", "a", "dog");
        var plain = Heard("the", "big", "fog");

        var result = ReadingAssessor.Assess("the big dog", grammar, confirming: plain);

        Assert.Equal([ReadingStatus.Correct, ReadingStatus.Correct, ReadingStatus.Correct], result.Words.Select(w => w.Status));
        Assert.Equal("big", result.Words[1].Heard);
        var neither = ReadingAssessor.Assess("the big dog", Heard("the", "a", "dog"), confirming: Heard("the", "bag", "dog"));
        Assert.Equal(ReadingStatus.Substitution, neither.Words[1].Status);
        Assert.Equal(66.7, neither.Scores.Accuracy);
    }
}
