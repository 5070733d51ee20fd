using Earshot.Engines.PocketSphinx;
using Earshot.Engines.Reading;

namespace Earshot.Engines.Tests.Reading;

/// <summary>The reading grammar's text and the mapping of a decoded path back to reference words (pure logic).</summary>
public sealed class ReadingGrammarTests
{
    private static readonly IReadOnlyList<IReadOnlyList<string>> Slots = [["the"], ["cat"], ["sat"], ["twenty", "one"], ["mats"]];

    private static ScoredDecode Path(params (string Label, int Frames)[] segments)
    {
        var list = new List<ScoredSegment>();
        var frame = 0;
        foreach (var (label, frames) in segments)
        {
            list.Add(new ScoredSegment(label, frame, frame + frames - 1, -100 * frames, 1));
            frame += frames;
        }
        return new ScoredDecode(100, frame, list);
    }

    [Fact]
    public void The_grammar_offers_each_word_its_loop_and_a_skip_with_weights_on_word_atoms()
    {
        var text = ReadingGrammar.Build(Slots, new GrammarWeights(Garbage: 0.001, Word: 1, Insertion: 0.0001, Phone: 0.01));

        Assert.Contains("<w3> = [ /1/ twenty one | /1/ <ga1> <ga>* ];", text);
        Assert.Contains("<w1> = [ /1/ cat | /1/ <gb1> <gb>* ];", text);
        Assert.Contains("/0.00001/ ga_aa", text);   // first phone of a substitution loop: entry × phone weight
        Assert.Contains("/0.01/ gc_zh", text);
        Assert.Contains("/0.000001/ gi_k", text);   // first phone of the insertion loop
        Assert.EndsWith("public <reading> = <ins> <w0> <ins> <w1> <ins> <w2> <ins> <w3> <ins> <w4> <ins>;\n", text);
        Assert.DoesNotContain("<ins>", ReadingGrammar.Build(Slots, new GrammarWeights(0.001, 1, 0.0001, 0.01, AllowInsertions: false)).Split("public")[1]);
    }

    [Fact]
    public void Words_loops_and_skips_map_back_to_their_reference_words()
    {
        var path = Path(("<sil>", 10), ("the", 12), ("gb_k", 5), ("gb_ae", 6), ("gi_s", 4), ("gi_t", 5), ("twenty", 20), ("one", 15),
            ("(NULL)", 0), ("mats(2)", 25), ("<sil>", 8));

        var (slots, inserted) = ReadingGrammar.Parse(Slots, path);

        Assert.Equal([SlotChoice.Word, SlotChoice.Garbage, SlotChoice.Skipped, SlotChoice.Word, SlotChoice.Word], slots.Select(s => s.Choice));
        Assert.Equal(["K", "AE"], slots[1].Phones);
        Assert.Equal((22, 32), (slots[1].StartFrame, slots[1].EndFrame));
        Assert.Equal((42, 76), (slots[3].StartFrame, slots[3].EndFrame)); // both words of "21"
        var extra = Assert.Single(inserted);
        Assert.Equal(2, extra.BeforeIndex);
        Assert.Equal(["S", "T"], extra.Phones);
    }

    [Fact]
    public void Neighbouring_loops_belong_to_neighbouring_words()
    {
        var path = Path(("ga_dh", 5), ("gb_k", 5), ("gb_ae", 5), ("gc_s", 5), ("twenty", 10), ("one", 10), ("mats", 10));

        var (slots, inserted) = ReadingGrammar.Parse(Slots, path);

        Assert.Equal([SlotChoice.Garbage, SlotChoice.Garbage, SlotChoice.Garbage, SlotChoice.Word, SlotChoice.Word], slots.Select(s => s.Choice));
        Assert.Equal(["K", "AE"], slots[1].Phones);
        Assert.Empty(inserted);
    }

    [Fact]
    public void A_repeated_word_is_matched_in_order()
    {
        IReadOnlyList<IReadOnlyList<string>> slots = [["the"], ["cat"], ["the"], ["end"]];
        var (result, _) = ReadingGrammar.Parse(slots, Path(("the", 5), ("the", 5), ("end", 5)));

        Assert.Equal([SlotChoice.Word, SlotChoice.Skipped, SlotChoice.Word, SlotChoice.Word], result.Select(s => s.Choice));
    }

    [Fact]
    public void The_garbage_dictionary_is_the_model_dictionary_plus_one_phone_pseudo_words()
    {
        var source = new PocketSphinxOptions().DictionaryPath;

        var path = GarbageDictionary.Create(source);

        var lines = File.ReadAllLines(path);
        Assert.Equal(File.ReadLines(source).Count() + 4 * GarbageDictionary.Phones.Count, lines.Length);
        Assert.Contains("ga_aa AA", lines);
        Assert.Contains("gi_zh ZH", lines);
        Assert.Equal(path, GarbageDictionary.Create(source)); // written once
        Assert.Equal("NG", GarbageDictionary.PhoneOf("gc_ng"));
        Assert.Null(GarbageDictionary.PhoneOf("gallon"));
        Assert.Null(GarbageDictionary.PhoneOf("the"));
        Assert.All(GarbageDictionary.BroadPhones, p => Assert.Contains(p, GarbageDictionary.Phones));
    }
}
