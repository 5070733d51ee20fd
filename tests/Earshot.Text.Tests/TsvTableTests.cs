using Earshot.Text.Tables;

namespace Earshot.Text.Tests;

public sealed class TsvTableTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"earshot-tsv-{Guid.NewGuid():N}.tsv");

    public void Dispose() => File.Delete(_path);

    private TsvTable Read(params string[] lines)
    {
        File.WriteAllLines(_path, lines);
        return TsvTable.Read(_path);
    }

    [Fact]
    public void RowsAreReadByColumnNameWhateverTheColumnOrder()
    {
        var table = Read("transcript\tfile", "hello world\ta.flac", "", "good night\tb.flac");

        Assert.Equal(["a.flac", "b.flac"], table.Rows.Select(r => r["file"]));
        Assert.Equal("good night", table.Rows[1]["transcript"]);
        Assert.Equal(4, table.Rows[1].Line); // the empty line is skipped, not renumbered
    }

    [Fact]
    public void AShortRowHasEmptyCellsAndAnOptionalColumnItsFallback()
    {
        var row = Read("file\tlabel\tcondition", "a.flac").Rows.Single();

        Assert.Equal("", row["condition"]);
        Assert.Equal("target", row.Get("speaker", "target"));
    }

    [Fact]
    public void AMissingColumnNamesTheFileAndTheHeader()
    {
        var row = Read("file\tlabel", "a.flac\ttarget").Rows.Single();

        var error = Assert.Throws<InvalidDataException>(() => row["transcript"]);
        Assert.Contains(_path, error.Message);
        Assert.Contains("file, label", error.Message);
    }

    [Fact]
    public void AnEmptyFileOrARepeatedColumnIsInvalid()
    {
        Assert.Throws<InvalidDataException>(() => Read());
        Assert.Throws<InvalidDataException>(() => Read("file\tfile", "a\tb"));
    }
}
