using System.Diagnostics;
using Earshot.Sdk;

namespace Earshot.Engines.Tests.PaddleOcr;

[Collection(PaddleOcrCollection.Name)]
public sealed class PaddleOcrEvalTests(PaddleOcrFixture fixture)
{
    /// <summary>Per-page CER bounds: measured values (in the comments) plus a margin. The UNLV pages are multi-column,
    /// so they also check reading order (a row-by-row reading scored above 70 %).</summary>
    public static TheoryData<string, double> Pages => new()
    {
        { "tesseract-test/phototest.tif", 0.10 },        // 4.2 %: lost spaces in the bilevel scan
        { "tesseract-test/phototest_2.tif", 0.04 },      // 0.0 %
        { "tesseract-test/eurotext.tif", 0.07 },         // 2.4 %: dropped accents
        { "tesseract-test/8071_093.3B.tif", 0.12 },      // 7.4 %: four columns, title under the text
        { "tesseract-test/8087_054.3B.tif", 0.07 },      // 3.1 %: two columns with a caption in the gutter
        { "textract/eas_test.jpg", 0.12 },               // 6.6 %: lost spaces
        { "textract/quick_brown_fox.jpg", 0.16 },        // 9.3 %: lost spaces
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task EvalPageIsReadWithinItsMeasuredErrorBound(string file, double maxCer)
    {
        var page = OcrPage.Load().Single(p => p.File == file);
        var watch = Stopwatch.StartNew();
        var result = await fixture.Recognizer.RecognizeAsync(page.FullPath, TestContext.Current.CancellationToken);
        var cer = OcrText.CharacterErrorRate(page.GroundTruth, result.Text, ignoreCase: true);
        TestContext.Current.TestOutputHelper!.WriteLine(
            $"{page.File}\tCER {cer:P1}\t{watch.Elapsed.TotalSeconds:F2} s\t{result.Boxes.Count} boxes\n{result.Text}");

        Assert.InRange(cer, 0, maxCer);
        Assert.NotEmpty(result.Boxes);
        foreach (var box in result.Boxes)
        {
            foreach (var corner in (Point[])[box.Box.LeftTop, box.Box.RightTop, box.Box.RightBottom, box.Box.LeftBottom])
            {
                Assert.InRange(corner.X, 0, page.Width);
                Assert.InRange(corner.Y, 0, page.Height);
            }
            Assert.InRange(box.Confidence, 0, 1);
            Assert.False(string.IsNullOrWhiteSpace(box.Text));
        }
    }

    [Fact]
    public async Task LinesAreNumberedInReadingOrderAndMatchTheText()
    {
        var page = OcrPage.Load().Single(p => p.File == "tesseract-test/phototest_2.tif");
        var result = await fixture.Recognizer.RecognizeAsync(page.FullPath, TestContext.Current.CancellationToken);

        var lines = result.Text.Split('\n');
        Assert.Equal(Enumerable.Range(0, lines.Length), result.Boxes.Select(b => b.Line).Distinct());
        Assert.True(result.Boxes.Select(b => b.Line).SequenceEqual(result.Boxes.Select(b => b.Line).Order()));
        for (var line = 0; line < lines.Length; line++)
            Assert.Equal(lines[line], string.Join(' ', result.Boxes.Where(b => b.Line == line).Select(b => b.Text)));
        // Each line is lower on the page than the one before it.
        var tops = lines.Select((_, i) => result.Boxes.Where(b => b.Line == i).Min(b => b.Box.LeftTop.Y)).ToArray();
        Assert.True(tops.Zip(tops.Skip(1)).All(pair => pair.Second > pair.First));
    }
}
