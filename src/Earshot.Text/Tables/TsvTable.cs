namespace Earshot.Text.Tables;

/// <summary>
/// A tab-separated file whose first line names the columns (the eval manifests, speaker trials, dumps of the lab):
/// rows read by column name. Empty lines are skipped; a row shorter than the header has empty cells at its end.
/// </summary>
public sealed class TsvTable
{
    private TsvTable(TsvColumns columns, IReadOnlyList<TsvRow> rows)
    {
        Columns = columns;
        Rows = rows;
    }

    public TsvColumns Columns { get; }

    public IReadOnlyList<TsvRow> Rows { get; }

    public static TsvTable Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var first = Array.FindIndex(lines, l => l.Length > 0);
        if (first < 0)
            throw new InvalidDataException($"{path} is empty: a header line naming the columns is required.");
        var columns = new TsvColumns(path, lines[first].Split('\t'));
        var rows = new List<TsvRow>();
        for (var i = first + 1; i < lines.Length; i++)
        {
            if (lines[i].Length > 0)
                rows.Add(new TsvRow(columns, i + 1, lines[i].Split('\t')));
        }
        return new TsvTable(columns, rows);
    }
}

/// <summary>The header of a <see cref="TsvTable"/>: column names in file order.</summary>
public sealed class TsvColumns
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    internal TsvColumns(string path, string[] names)
    {
        Path = path;
        Names = names;
        for (var i = 0; i < names.Length; i++)
        {
            if (!_index.TryAdd(names[i], i))
                throw new InvalidDataException($"{path}: column '{names[i]}' appears twice in the header.");
        }
    }

    public string Path { get; }

    public IReadOnlyList<string> Names { get; }

    public bool Contains(string name) => _index.ContainsKey(name);

    internal int? IndexOf(string name) => _index.TryGetValue(name, out var index) ? index : null;
}

/// <summary>One row of a <see cref="TsvTable"/>; <see cref="Line"/> is its 1-based line number in the file.</summary>
public sealed class TsvRow
{
    private readonly TsvColumns _columns;
    private readonly string[] _cells;

    internal TsvRow(TsvColumns columns, int line, string[] cells)
    {
        _columns = columns;
        Line = line;
        _cells = cells;
    }

    public int Line { get; }

    /// <summary>The cell of a column the file must have.</summary>
    public string this[string column] => _columns.IndexOf(column) is { } index
        ? Cell(index)
        : throw new InvalidDataException($"{_columns.Path}: no column '{column}' (the header has {string.Join(", ", _columns.Names)}).");

    /// <summary>The cell of an optional column, or <paramref name="fallback"/> when the file lacks the column.</summary>
    public string Get(string column, string fallback) => _columns.IndexOf(column) is { } index ? Cell(index) : fallback;

    private string Cell(int index) => index < _cells.Length ? _cells[index] : "";
}
