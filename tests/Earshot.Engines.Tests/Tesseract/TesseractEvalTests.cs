using System.Globalization;

namespace Earshot.Engines.Tests.Tesseract;

/// <summary>Accuracy and layout on the real pages in ../shared/eval/ocr.</summary>
public sealed class TesseractEvalTests(TesseractFixture fixture) : IClassFixture<TesseractFixture>
{
    /// <summary>
    /// Each page's CER bound: what tesseract 5.3.0 (eng, fast LSTM) measured here plus margin. eurotext has accented
    /// words the English model misses; the magazine pages lose most to curly quotes and a few misread lines.
    /// </summary>
    public static TheoryData<string, double> PagesWithCerBound => new()
    {
        { "tesseract-test/phototest.tif", 0.02 },     // measured 0.00 %
        { "tesseract-test/phototest_2.tif", 0.02 },   // measured 0.00 %
        { "tesseract-test/eurotext.tif", 0.05 },      // measured 2.43 % (2.18 % without deskew)
        { "tesseract-test/8071_093.3B.tif", 0.08 },   // measured 4.85 % (9.39 % without deskew)
        { "tesseract-test/8087_054.3B.tif", 0.12 },   // measured 7.77 %
        { "textract/eas_test.jpg", 0.02 },            // measured 0.00 %
        { "textract/quick_brown_fox.jpg", 0.02 },     // measured 0.00 %
    };

    public static TheoryData<string> Pages => [.. OcrManifest.Load().Select(p => p.File)];

    [Theory]
    [MemberData(nameof(PagesWithCerBound))]
    public async Task Character_error_rate_stays_below_the_measured_bound(string file, double maxCer)
    {
        var page = OcrManifest.Page(file);
        var (text, elapsed) = await fixture.RecognizeEvalPage(file);

        var cer = OcrText.CharacterErrorRate(page.GroundTruth, text.Text);
        TestContext.Current.TestOutputHelper?.WriteLine(
            string.Create(CultureInfo.InvariantCulture, $"{file}: CER {cer:P2}, {elapsed.TotalSeconds:F2} s, {text.Boxes.Count} words"));
        Assert.True(cer <= maxCer, $"{file}: CER {cer:P2} above {maxCer:P0}\n{text.Text}");
    }

    [Fact]
    public void Every_manifest_page_has_a_bound() =>
        Assert.Equal(OcrManifest.Load().Select(p => p.File).Order(), PagesWithCerBound.Select(row => row.Data.Item1).Order());

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Boxes_lie_inside_the_image_in_reading_order(string file)
    {
        var page = OcrManifest.Page(file);
        var (text, _) = await fixture.RecognizeEvalPage(file);

        Assert.NotEmpty(text.Boxes);
        Assert.All(text.Boxes, box =>
        {
            Assert.InRange(box.Box.LeftTop.X, 0, box.Box.RightBottom.X);
            Assert.InRange(box.Box.LeftTop.Y, 0, box.Box.RightBottom.Y);
            Assert.InRange(box.Box.RightBottom.X, box.Box.LeftTop.X, page.Width);
            Assert.InRange(box.Box.RightBottom.Y, box.Box.LeftTop.Y, page.Height);
            Assert.InRange(box.Confidence, 0, 1);
            Assert.False(string.IsNullOrWhiteSpace(box.Text));
        });
        Assert.Equal(0, text.Boxes[0].Line);
        Assert.All(text.Boxes.Zip(text.Boxes.Skip(1)), pair => Assert.InRange(pair.Second.Line - pair.First.Line, 0, 1));
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Text_is_the_words_of_the_boxes_one_line_per_line_index(string file)
    {
        var (text, _) = await fixture.RecognizeEvalPage(file);

        var lines = text.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var boxLines = text.Boxes.GroupBy(b => b.Line).Select(g => string.Join(' ', g.Select(b => b.Text)));
        Assert.Equal(boxLines, lines);
    }

    [Theory]
    [InlineData("tesseract-test/phototest.tif")]
    [InlineData("textract/eas_test.jpg")]
    [InlineData("textract/quick_brown_fox.jpg")]
    public async Task Lines_are_joined_by_newlines_and_paragraphs_by_a_blank_line(string file)
    {
        var page = OcrManifest.Page(file);
        var (text, _) = await fixture.RecognizeEvalPage(file);

        Assert.Equal(page.GroundTruth.Trim().ReplaceLineEndings("\n"), text.Text);
    }
}
