using System.Numerics;

namespace Earshot.Text;

/// <summary>
/// Word ids and spoken readings for both sides of an alignment, plus a lazily filled table that classifies each
/// (reference word, hypothesis word) pair once.
/// </summary>
internal sealed class AlignmentVocabulary
{
    private const byte Unknown = 255;
    private const byte NearBase = 2;
    private const byte SubstituteBase = 102;
    private const long MaxDenseTable = 16_000_000;
    private const int UnrelatedFrom = 50;
    private const int UnrelatedPercent = 100;

    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _words = [];
    private readonly List<ulong> _letters = [];
    private readonly List<int> _canonical = [];
    private readonly Dictionary<string, int> _canonicalIds = new(StringComparer.Ordinal);
    private readonly WordAlignerOptions _options;
    private readonly int[] _refLocal;
    private readonly int[] _hypLocal;
    private readonly int _hypVocabularySize;
    private readonly byte[]? _pairs;
    private readonly Dictionary<long, byte>? _sparsePairs;

    public AlignmentVocabulary(IReadOnlyList<Token> reference, IReadOnlyList<Token> hypothesis, WordAlignerOptions options)
    {
        _options = options;
        RefIds = reference.Select(t => Id(t.Normal)).ToArray();
        HypIds = hypothesis.Select(t => Id(t.Normal)).ToArray();
        (RefSingles, RefMulti) = ReadingsOf(reference);
        (HypSingles, HypMulti) = ReadingsOf(hypothesis);
        MaxHypReadingLength = HypMulti.Where(r => r is not null).SelectMany(r => r!).Select(r => r.Length).DefaultIfEmpty(1).Max();

        _refLocal = LocalIndices(RefIds, out var refSize);
        _hypLocal = LocalIndices(HypIds, out _hypVocabularySize);
        var tableSize = (long)refSize * _hypVocabularySize;
        if (tableSize <= MaxDenseTable)
        {
            _pairs = new byte[tableSize];
            Array.Fill(_pairs, Unknown);
        }
        else
        {
            _sparsePairs = [];
        }
    }

    public int[] RefIds { get; }
    public int[] HypIds { get; }

    /// <summary>Per reference token: multi-word readings as word ids, or null.</summary>
    public int[][]?[] RefMulti { get; }

    /// <summary>Per hypothesis token: multi-word readings as word ids, or null.</summary>
    public int[][]?[] HypMulti { get; }

    public int MaxHypReadingLength { get; }

    private int[]?[] RefSingles { get; }
    private int[]?[] HypSingles { get; }

    public string Word(int id) => _words[id];

    /// <summary>
    /// The cached pair classes of one reference word against every hypothesis word, indexed by
    /// <see cref="HypSlot"/>; <see cref="Unknown"/> entries must go through <see cref="Classify"/>. Empty when the table
    /// is too large to keep densely.
    /// </summary>
    public ReadOnlySpan<byte> PairRow(int refIndex) =>
        _pairs is null ? default : _pairs.AsSpan(_refLocal[refIndex] * _hypVocabularySize, _hypVocabularySize);

    /// <summary>Column of a hypothesis token in <see cref="PairRow"/>.</summary>
    public int[] HypSlot => _hypLocal;

    public const byte NotClassified = Unknown;

    /// <summary>Pair class: 0 exact, 1 equivalent reading, 2–101 near match, 102–202 substitution (minus base = percent apart).</summary>
    public byte Classify(int refIndex, int hypIndex)
    {
        var slot = (long)_refLocal[refIndex] * _hypVocabularySize + _hypLocal[hypIndex];
        if (_pairs is not null)
        {
            var code = _pairs[slot];
            if (code == Unknown)
                _pairs[slot] = code = ComputeClass(refIndex, hypIndex);
            return code;
        }
        if (!_sparsePairs!.TryGetValue(slot, out var sparse))
            _sparsePairs.Add(slot, sparse = ComputeClass(refIndex, hypIndex));
        return sparse;
    }

    public static bool IsMatchClass(byte code) => code < SubstituteBase;

    public static AlignmentNote NoteOf(byte code) => code switch
    {
        0 => AlignmentNote.None,
        1 => AlignmentNote.Equivalent,
        < SubstituteBase => AlignmentNote.NearMatch,
        _ => AlignmentNote.None,
    };

    /// <summary>
    /// Tie-breaking cost in hundredths: exact 0, near match 1–100, substitution 50–75 by how different the words are,
    /// 100 for words at least half different (on top of one edit), against 50 for a deletion or insertion.
    /// </summary>
    public static long SecondaryCost(byte code) => code switch
    {
        0 or 1 => 0,
        < SubstituteBase => 1 + code - NearBase,
        _ => 50 + (code - SubstituteBase) / 2,
    };

    private byte ComputeClass(int refIndex, int hypIndex)
    {
        int a = RefIds[refIndex], b = HypIds[hypIndex];
        if (a == b)
            return 0;
        if (Contains(RefSingles[refIndex], b) || Contains(HypSingles[hypIndex], a) || Intersects(RefSingles[refIndex], HypSingles[hypIndex]))
            return 1;
        string x = _words[a], y = _words[b];
        if (_options.MatchSpellingVariants && Canonical(a) == Canonical(b))
            return (byte)(NearBase + Math.Min((int)Math.Ceiling(WordSimilarity.Dissimilarity(x, y) * 100 - 1e-9), 99));
        int longer = Math.Max(x.Length, y.Length), shorter = Math.Min(x.Length, y.Length);
        // Cheap lower bounds on the edit distance: the length difference, and letters one word has and the other
        // lacks. Words at least half different are unrelated, so skip the character comparison for them.
        var missing = Math.Max(BitOperations.PopCount(_letters[a] & ~_letters[b]), BitOperations.PopCount(_letters[b] & ~_letters[a]));
        if (2 * Math.Max(longer - shorter, missing) >= longer && _options.NearMatchThreshold <= 0.5)
            return SubstituteBase + UnrelatedPercent;
        var dissimilarity = WordSimilarity.Dissimilarity(x, y);
        var near = dissimilarity < _options.NearMatchThreshold && shorter >= _options.MinNearMatchLength;
        if (near)
            return (byte)(NearBase + (int)Math.Ceiling(dissimilarity * 100 - 1e-9));
        var percent = (int)Math.Ceiling(dissimilarity * 100 - 1e-9);
        return (byte)(SubstituteBase + (percent >= UnrelatedFrom ? UnrelatedPercent : percent));
    }

    private (int[]?[] Singles, int[][]?[] Multi) ReadingsOf(IReadOnlyList<Token> tokens)
    {
        var singles = new int[]?[tokens.Count];
        var multi = new int[][]?[tokens.Count];
        if (!_options.UseSpokenForms)
            return (singles, multi);
        for (var k = 0; k < tokens.Count; k++)
        {
            var readings = SpokenForms.Readings(tokens[k].Normal);
            if (readings.Count == 0)
                continue;
            var one = readings.Where(r => r.Count == 1).Select(r => Id(r[0])).ToArray();
            var many = readings.Where(r => r.Count > 1).Select(r => r.Select(Id).ToArray()).ToArray();
            singles[k] = one.Length > 0 ? one : null;
            multi[k] = many.Length > 0 ? many : null;
        }
        return (singles, multi);
    }

    /// <summary>Id of the word's <see cref="SpellingVariants.Canonical"/> spelling, computed on first use.</summary>
    private int Canonical(int id)
    {
        if (_canonical[id] < 0)
        {
            var canonical = SpellingVariants.Canonical(_words[id]);
            if (!_canonicalIds.TryGetValue(canonical, out var canonicalId))
                _canonicalIds.Add(canonical, canonicalId = _canonicalIds.Count);
            _canonical[id] = canonicalId;
        }
        return _canonical[id];
    }

    private int Id(string word)
    {
        if (!_ids.TryGetValue(word, out var id))
        {
            id = _words.Count;
            _ids.Add(word, id);
            _words.Add(word);
            _letters.Add(LetterSet(word));
            _canonical.Add(-1);
        }
        return id;
    }

    /// <summary>The characters of a word as a 64-bit set (characters sharing a bit only make the bound looser).</summary>
    private static ulong LetterSet(string word)
    {
        var set = 0UL;
        foreach (var c in word)
            set |= 1UL << (c % 64);
        return set;
    }

    private static int[] LocalIndices(int[] ids, out int size)
    {
        var local = new Dictionary<int, int>();
        var result = new int[ids.Length];
        for (var k = 0; k < ids.Length; k++)
        {
            if (!local.TryGetValue(ids[k], out var index))
                local.Add(ids[k], index = local.Count);
            result[k] = index;
        }
        size = Math.Max(local.Count, 1);
        return result;
    }

    private static bool Contains(int[]? ids, int id) => ids is not null && Array.IndexOf(ids, id) >= 0;

    private static bool Intersects(int[]? a, int[]? b) => a is not null && b is not null && a.Any(x => Array.IndexOf(b, x) >= 0);
}
