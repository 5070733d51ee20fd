using System.Globalization;
using System.Text;
using Earshot.Engines.PocketSphinx;

namespace Earshot.Engines.Reading;

/// <summary>How the reading grammar's best path passed a reference word.</summary>
public enum SlotChoice
{
    /// <summary>Through the word itself.</summary>
    Word,
    /// <summary>Through the phone loop in its place: something else was said.</summary>
    Garbage,
    /// <summary>Around it: nothing was said for it.</summary>
    Skipped,
}

/// <summary>One reference word in the reading grammar's best path.</summary>
/// <param name="AcousticNats">Acoustic log-likelihood of the path's segments over <see cref="StartFrame"/>..<see cref="EndFrame"/>.</param>
/// <param name="Phones">The loop's phones when <see cref="Choice"/> is <see cref="SlotChoice.Garbage"/>.</param>
public sealed record SlotResult(int Index, SlotChoice Choice, int StartFrame, int EndFrame, double AcousticNats, IReadOnlyList<string> Phones)
{
    public int Frames => EndFrame - StartFrame + 1;
}

/// <summary>Speech the insertion loop took between reference words.</summary>
public sealed record InsertedSpeech(int BeforeIndex, int StartFrame, int EndFrame, IReadOnlyList<string> Phones);

/// <summary>Weights of the reading grammar's paths (probabilities; the decoder multiplies their logs by its language weight).</summary>
/// <param name="Garbage">Entering the phone loop instead of a reference word.</param>
/// <param name="Word">Taking a reference word, relative to skipping it; keep 1 (above 1, meant as a bonus, this
/// sphinxbase skipped whole passages).</param>
/// <param name="Insertion">Entering the insertion loop between two reference words.</param>
/// <param name="Phone">Each phone of a loop.</param>
/// <param name="LoopPhones">The phones of the loops (each adds a tree per context to every loop state, so fewer decode faster);
/// null is all of <see cref="GarbageDictionary.Phones"/>.</param>
public sealed record GrammarWeights(double Garbage, double Word, double Insertion, double Phone, bool AllowInsertions = true,
    IReadOnlyList<string>? LoopPhones = null);

/// <summary>
/// A JSGF "reading grammar": per reference word, the word itself, a phone loop (something else said) or nothing (skipped),
/// with an optional phone loop between words (inserted speech); and the mapping of its best path back to the words.
/// </summary>
public static class ReadingGrammar
{
    /// <param name="slots">Per reference word, the dictionary words it is read as (empty when unknown: loop or skip only).</param>
    /// <remarks>Weights sit on word atoms only (this sphinxbase ignores weights on rule references and on skips): a
    /// loop's first phone carries the entry weight times the phone weight, each further phone the phone weight, a
    /// reference word the word weight (a bonus over skipping it when above 1).</remarks>
    public static string Build(IReadOnlyList<IReadOnlyList<string>> slots, GrammarWeights weights)
    {
        var text = new StringBuilder("#JSGF V1.0;\ngrammar reading;\n");
        void Loop(string prefix, double entry)
        {
            var name = prefix[..2];
            var phones = weights.LoopPhones ?? GarbageDictionary.Phones;
            text.Append(CultureInfo.InvariantCulture, $"<{name}1> = {Alternatives(prefix, phones, entry * weights.Phone)};\n");
            text.Append(CultureInfo.InvariantCulture, $"<{name}> = {Alternatives(prefix, phones, weights.Phone)};\n");
        }
        foreach (var prefix in GarbageDictionary.SubstitutionPrefixes)
            Loop(prefix, weights.Garbage);
        Loop(GarbageDictionary.InsertionPrefix, weights.Insertion);
        text.Append("<ins> = [ <gi1> <gi>* ];\n");
        var body = new List<string>();
        for (var i = 0; i < slots.Count; i++)
        {
            var loop = GarbageDictionary.SubstitutionPrefixes[i % 3][..2];
            var word = slots[i].Count > 0 ? $"/{Weight(weights.Word)}/ {string.Join(' ', slots[i])} | " : string.Empty;
            text.Append(CultureInfo.InvariantCulture, $"<w{i}> = [ {word}/1/ <{loop}1> <{loop}>* ];\n");
            if (weights.AllowInsertions)
                body.Add("<ins>");
            body.Add($"<w{i}>");
        }
        if (weights.AllowInsertions)
            body.Add("<ins>");
        text.Append(CultureInfo.InvariantCulture, $"public <reading> = {string.Join(' ', body)};\n");
        return text.ToString();
    }

    private static string Alternatives(string prefix, IReadOnlyList<string> phones, double weight) =>
        string.Join(" | ", phones.Select(p => $"/{Weight(weight)}/ {GarbageDictionary.Word(prefix, p)}"));

    /// <summary>Plain decimal notation (the JSGF scanner reads no exponents), 15 significant digits at most.</summary>
    private static string Weight(double p) => ((decimal)p).ToString("0.############################", CultureInfo.InvariantCulture);

    /// <summary>Maps the best path back to the reference words (in order) and the inserted stretches between them.</summary>
    public static (SlotResult[] Slots, List<InsertedSpeech> Inserted) Parse(IReadOnlyList<IReadOnlyList<string>> slots, ScoredDecode decode)
    {
        var results = new SlotResult?[slots.Count];
        var inserted = new List<InsertedSpeech>();
        var next = 0;
        var wordPosition = 0; // how many words of slot next-1 the path has passed (multi-word readings)
        var last = LastKind.None;
        foreach (var segment in decode.Segments)
        {
            if (GopScoring.IsFiller(segment.Label))
                continue;
            var label = segment.Label.Split('(')[0];
            if (label.Length == 0)
                continue; // "(NULL)": a grammar-internal transition
            var nats = (segment.AcousticScore ?? 0) * GopScoring.NatsPerUnit;
            var phone = GarbageDictionary.PhoneOf(label);
            if (phone is not null && label.StartsWith(GarbageDictionary.InsertionPrefix, StringComparison.Ordinal))
            {
                if (last == LastKind.Insertion && inserted[^1].BeforeIndex == next)
                    inserted[^1] = inserted[^1] with { EndFrame = segment.EndFrame, Phones = [.. inserted[^1].Phones, phone] };
                else
                    inserted.Add(new InsertedSpeech(next, segment.StartFrame, segment.EndFrame, [phone]));
                last = LastKind.Insertion;
            }
            else if (phone is not null)
            {
                var loop = label[1] - 'a';
                if (last == LastKind.Garbage && next > 0 && (next - 1) % 3 == loop)
                {
                    var s = results[next - 1]!;
                    results[next - 1] = s with { EndFrame = segment.EndFrame, AcousticNats = s.AcousticNats + nats, Phones = [.. s.Phones, phone] };
                    continue;
                }
                var j = next;
                while (j < slots.Count && j % 3 != loop)
                    j++;
                if (j >= slots.Count)
                    continue;
                results[j] = new SlotResult(j, SlotChoice.Garbage, segment.StartFrame, segment.EndFrame, nats, [phone]);
                next = j + 1;
                last = LastKind.Garbage;
            }
            else
            {
                if (last == LastKind.Word && next > 0 && wordPosition < slots[next - 1].Count && slots[next - 1][wordPosition] == label)
                {
                    var s = results[next - 1]!;
                    results[next - 1] = s with { EndFrame = segment.EndFrame, AcousticNats = s.AcousticNats + nats };
                    wordPosition++;
                    continue;
                }
                var j = next;
                while (j < slots.Count && (slots[j].Count == 0 || slots[j][0] != label))
                    j++;
                if (j >= slots.Count)
                    continue;
                results[j] = new SlotResult(j, SlotChoice.Word, segment.StartFrame, segment.EndFrame, nats, []);
                next = j + 1;
                wordPosition = 1;
                last = LastKind.Word;
            }
        }
        return (results.Select((r, i) => r ?? new SlotResult(i, SlotChoice.Skipped, -1, -1, 0, [])).ToArray(), inserted);
    }

    private enum LastKind { None, Word, Garbage, Insertion }
}
