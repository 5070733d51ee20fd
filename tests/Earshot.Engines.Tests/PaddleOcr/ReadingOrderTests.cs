using Earshot.Engines.PaddleOcr;
using Earshot.Sdk;

namespace Earshot.Engines.Tests.PaddleOcr;

public sealed class ReadingOrderTests
{
    private static (Quad, string, double) Run(string text, double left, double top, double right, double bottom) =>
        (Quad.FromRectangle(left, top, right, bottom), text, 0.9);

    [Fact]
    public void ColumnsAreReadOneAfterTheOtherAndACaptionInTheGutterLast()
    {
        // Two columns of eight 40 px lines with aligned baselines, a title across both, a caption across the gutter.
        var runs = new List<(Quad, string, double)> { Run("title", 100, 0, 900, 60) };
        for (var i = 0; i < 8; i++)
        {
            runs.Add(Run($"right{i}", 520, 100 + 45 * i, 900, 140 + 45 * i));
            runs.Add(Run($"left{i}", 100, 100 + 45 * i, 480, 140 + 45 * i));
        }
        runs.Add(Run("caption", 430, 150, 570, 180));

        var text = ReadingOrder.Arrange(runs);

        string[] expected = ["title", .. Enumerable.Range(0, 8).Select(i => $"left{i}"), .. Enumerable.Range(0, 8).Select(i => $"right{i}"), "caption"];
        Assert.Equal(string.Join('\n', expected), text.Text);
        Assert.Equal(Enumerable.Range(0, expected.Length), text.Boxes.Select(b => b.Line));
    }

    [Fact]
    public void RunsSharingALineAreJoinedLeftToRight()
    {
        var text = ReadingOrder.Arrange([Run("world", 300, 12, 400, 52), Run("hello", 100, 10, 200, 50), Run("next", 100, 60, 200, 100)]);

        Assert.Equal("hello world\nnext", text.Text);
        Assert.Equal([0, 0, 1], text.Boxes.Select(b => b.Line));
    }

    [Fact]
    public void NothingGivesTheEmptyResult() => Assert.Same(ImageText.Empty, ReadingOrder.Arrange([]));
}
