using System.Text;
using Earshot.Engines.PocketSphinx;
using Earshot.Sdk;
using Earshot.Sdk.Models;
using Earshot.Text;

namespace Earshot.Engines.Reading;

/// <summary>
/// Reference-aware recognition with PocketSphinx: a plain decode first, then a second decode of the same audio
/// against a JSGF grammar that walks the reference, where each reference word may be said, skipped, or replaced by
/// one of the words the plain decode heard, and (optionally) one heard word may be inserted before each reference
/// word. The reference is what the decoder expects, the plain hypothesis is the way out when the reader deviates.
/// </summary>
/// <remarks>With <c>confirmWithPlain</c> a reference word the grammar decode got wrong still counts as read correctly
/// when the plain decode, aligned with the reference, has it right.</remarks>
public sealed class GrammarReadingRecognizer(PocketSphinxRecognizer recognizer, bool allowInsertions = true, bool confirmWithPlain = false) : IReadingRecognizer
{
    // the plain decode does not depend on the reference: one per recording serves every reference it is checked against
    private System.Runtime.CompilerServices.ConditionalWeakTable<AudioBuffer, Task<Transcript>> plainDecodes = new();
    private System.Runtime.CompilerServices.ConditionalWeakTable<AudioBuffer, System.Collections.Concurrent.ConcurrentDictionary<string, Task<Transcript>>> grammarDecodes = new();

    /// <summary>The same method with plain confirmation on, sharing this one's decodes (evaluations compare both on one set of decodes).</summary>
    public GrammarReadingRecognizer WithPlainConfirmation() =>
        new(recognizer, allowInsertions, confirmWithPlain: true) { plainDecodes = plainDecodes, grammarDecodes = grammarDecodes };

    public string Name => (allowInsertions ? "grammar" : "grammar-no-insert") + (confirmWithPlain ? "+plain" : "");
    public bool UsesReference => true;

    public async Task<Transcript> RecognizeAsync(AudioBuffer audio, string reference, CancellationToken cancellationToken) =>
        (await HearAsync(audio, reference, cancellationToken)).Primary;

    public async Task<ReadingHeard> HearAsync(AudioBuffer audio, string reference, CancellationToken cancellationToken) =>
        new(await grammarDecodes.GetOrCreateValue(audio).GetOrAdd(reference, r => DecodeAsync(audio, r, CancellationToken.None)).WaitAsync(cancellationToken),
            confirmWithPlain ? await PlainAsync(audio, cancellationToken) : null);

    private Task<Transcript> PlainAsync(AudioBuffer audio, CancellationToken cancellationToken) =>
        plainDecodes.GetValue(audio, a => recognizer.TranscribeAsync(a, new TranscribeOptions(), CancellationToken.None)).WaitAsync(cancellationToken);

    private async Task<Transcript> DecodeAsync(AudioBuffer audio, string reference, CancellationToken cancellationToken)
    {
        var plain = await plainDecodes.GetValue(audio, a => recognizer.TranscribeAsync(a, new TranscribeOptions(), CancellationToken.None))
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        if (plain.Words.Count == 0)
            return plain;
        var grammar = BuildGrammar(reference, plain);
        if (grammar is null)
            return plain;
        var constrained = await recognizer.TranscribeWithGrammarAsync(audio, grammar, cancellationToken).ConfigureAwait(false);
        // the grammar's empty transitions can surface as a "NULL" word
        var words = constrained.Words.Where(w => IsGrammarWord(w.Word)).ToList();
        return constrained with { Words = words, Text = string.Join(' ', words.Select(w => w.Word)) };
    }

    /// <summary>The JSGF grammar for <paramref name="reference"/>; null when no reference word is in the dictionary.</summary>
    public string? BuildGrammar(string reference, Transcript plain)
    {
        var slots = TextNormalizer.Tokenize(reference).Select(t => SpokenWords(t.Normal)).ToList();
        var heard = plain.Words.Select(w => w.Word.ToLowerInvariant()).Where(IsGrammarWord).Distinct().ToList();
        var unknown = recognizer.FindUnknownWords(slots.SelectMany(s => s).Concat(heard)).ToHashSet();
        heard.RemoveAll(unknown.Contains);
        var known = slots.Select(s => s.Count > 0 && s.All(w => !unknown.Contains(w)) ? s : null).ToList();
        if (known.All(s => s is null))
            return null;

        var alternatives = heard.Count > 0 ? "<alt>" : null;
        var body = new StringBuilder();
        foreach (var words in known)
        {
            if (allowInsertions && alternatives is not null)
                body.Append($" [{alternatives}]");
            var said = words is null ? null : string.Join(' ', words);
            var choice = (said, alternatives) switch
            {
                (null, null) => null,
                (null, _) => alternatives,
                (_, null) => said,
                _ => $"( {said} ) | {alternatives}",
            };
            if (choice is not null)
                body.Append($" [ {choice} ]");
        }
        if (allowInsertions && alternatives is not null)
            body.Append($" [{alternatives}]");

        var grammar = new StringBuilder("#JSGF V1.0;\ngrammar reading;\n");
        if (alternatives is not null)
            grammar.Append("<alt> = ").AppendJoin(" | ", heard).Append(";\n");
        grammar.Append("public <reading> =").Append(body).Append(";\n");
        return grammar.ToString();
    }

    /// <summary>How a reference token is spoken: digits become their first spoken reading.</summary>
    internal static IReadOnlyList<string> SpokenWords(string normal)
    {
        if (IsGrammarWord(normal))
            return [normal];
        var readings = SpokenForms.Readings(normal);
        return readings.Count > 0 && readings[0].All(IsGrammarWord) ? readings[0] : [];
    }

    /// <summary>
    /// Per token, the dictionary words it is read as (<see cref="SpokenWords"/>), with a compound the dictionary lacks
    /// split into two words it has ("woodcutters": "wood cutters", "firetrucks": "fire trucks"), each of at least three
    /// letters, the most even split first. A word with no such split stays as it is (and so stays unknown).
    /// </summary>
    internal static List<IReadOnlyList<string>> DictionaryWords(PocketSphinxRecognizer dictionary, IEnumerable<Token> tokens)
    {
        var spoken = tokens.Select(t => SpokenWords(t.Normal)).ToList();
        var unknown = dictionary.FindUnknownWords(spoken.SelectMany(s => s)).ToHashSet();
        if (unknown.Count == 0)
            return spoken;
        static IEnumerable<(string Left, string Right)> Splits(string word) =>
            Enumerable.Range(3, Math.Max(0, word.Length - 5)).Select(k => (word[..k], word[k..]))
                .OrderByDescending(s => Math.Min(s.Item1.Length, s.Item2.Length));
        var missingParts = dictionary.FindUnknownWords(unknown.SelectMany(Splits).SelectMany(s => new[] { s.Left, s.Right })).ToHashSet();
        return spoken.Select(words => (IReadOnlyList<string>)words.SelectMany(w =>
            unknown.Contains(w) && Splits(w).FirstOrDefault(s => !missingParts.Contains(s.Left) && !missingParts.Contains(s.Right)) is ({ } left, { } right)
                ? [left, right]
                : new[] { w }).ToList()).ToList();
    }

    internal static bool IsGrammarWord(string word) => word.Length > 0 && word.All(c => char.IsAsciiLetterLower(c) || c == '\'');
}
