using Earshot.Audio;
using Earshot.Engines.PaddleOcr;
using Earshot.Sdk;
using Earshot.Testing;

namespace Earshot.Engines.Tests.PaddleOcr;

/// <summary>Text drawn by ImageMagick (DejaVu Sans) must be read back; turned and blank images behave.</summary>
[Collection(PaddleOcrCollection.Name)]
public sealed class PaddleOcrRenderingTests(PaddleOcrFixture fixture) : IDisposable
{
    private const string Sentence = "The quick brown fox jumps over 12 lazy dogs";
    private readonly string _directory = Directory.CreateTempSubdirectory("earshot-ppocr-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task RenderedSentenceIsReadBack()
    {
        var image = await RenderAsync("plain.png", "-size", "1200x200", "xc:white", "-font", "DejaVu-Sans", "-pointsize", "48",
            "-draw", $"text 20,100 '{Sentence}'");

        var result = await fixture.Recognizer.RecognizeAsync(image, TestContext.Current.CancellationToken);

        Assert.InRange(OcrText.CharacterErrorRate(Sentence, result.Text, ignoreCase: true), 0, 0.03);
        var box = Assert.Single(result.Boxes);
        Assert.Equal(0, box.Line);
        Assert.InRange(box.Confidence, 0.9, 1);
        // The text starts at x = 20 with its baseline at y = 100 (48 pt DejaVu: caps about 35 px tall).
        Assert.InRange(box.Box.LeftTop.X, 0, 40);
        Assert.InRange(box.Box.LeftTop.Y, 45, 75);
        Assert.InRange(box.Box.LeftBottom.Y, 100, 125);
    }

    [Fact]
    public async Task UpsideDownSentenceIsReadThanksToTheDirectionClassifier()
    {
        var image = await RenderAsync("upside-down.png", "-size", "1200x200", "xc:white", "-font", "DejaVu-Sans", "-pointsize", "48",
            "-draw", $"text 20,100 '{Sentence}'", "-rotate", "180");

        var result = await fixture.Recognizer.RecognizeAsync(image, TestContext.Current.CancellationToken);
        Assert.InRange(OcrText.CharacterErrorRate(Sentence, result.Text, ignoreCase: true), 0, 0.03);

        using var withoutClassifier = new PaddleOcrRecognizer(new PaddleOcrOptions
        {
            ModelsDirectory = Path.Combine(RepositoryPaths.Models, "ppocr", "assets"),
            UseDirectionClassifier = false,
            MinConfidence = 0,
        });
        var unturned = await withoutClassifier.RecognizeAsync(image, TestContext.Current.CancellationToken);
        Assert.InRange(OcrText.CharacterErrorRate(Sentence, unturned.Text, ignoreCase: true), 0.5, double.MaxValue);
    }

    [Fact]
    public async Task SlantedSentenceGetsASlantedBoxAndIsReadBack()
    {
        var image = await RenderAsync("slanted.png", "-size", "1200x500", "xc:white", "-font", "DejaVu-Sans", "-pointsize", "48",
            "-draw", $"rotate 12 text 60,100 '{Sentence}'");

        var result = await fixture.Recognizer.RecognizeAsync(image, TestContext.Current.CancellationToken);

        Assert.InRange(OcrText.CharacterErrorRate(Sentence, result.Text, ignoreCase: true), 0, 0.03);
        var box = Assert.Single(result.Boxes).Box;
        var angle = Math.Atan2(box.RightTop.Y - box.LeftTop.Y, box.RightTop.X - box.LeftTop.X) * 180 / Math.PI;
        Assert.InRange(angle, 10, 14);
    }

    [Fact]
    public async Task ImagesWithoutTextGiveEmptyResults()
    {
        var blank = await RenderAsync("blank.png", "-size", "800x600", "xc:white");
        var shapes = await RenderAsync("shapes.png", "-size", "800x600", "xc:white", "-fill", "gray80", "-draw", "rectangle 100,100 700,500",
            "-fill", "gray40", "-draw", "circle 400,300 450,350");

        Assert.Same(ImageText.Empty, await fixture.Recognizer.RecognizeAsync(blank, TestContext.Current.CancellationToken));
        Assert.Same(ImageText.Empty, await fixture.Recognizer.RecognizeAsync(shapes, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ConcurrentCallsOnTheSharedSessionsGiveTheSameResults()
    {
        var page = OcrPage.Load().Single(p => p.File == "textract/quick_brown_fox.jpg");
        var token = TestContext.Current.CancellationToken;
        var sequential = await fixture.Recognizer.RecognizeAsync(page.FullPath, token);

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => fixture.Recognizer.RecognizeAsync(page.FullPath, token), token)));

        foreach (var result in concurrent)
        {
            Assert.Equal(sequential.Text, result.Text);
            Assert.Equal(sequential.Boxes, result.Boxes);
        }
    }

    [Fact]
    public async Task UndecodableFileIsRejected()
    {
        var path = Path.Combine(_directory, "not-an-image.png");
        await File.WriteAllTextAsync(path, "plain text, not pixels", TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<InvalidDataException>(() => fixture.Recognizer.RecognizeAsync(path, TestContext.Current.CancellationToken));
    }

    private async Task<string> RenderAsync(string name, params string[] arguments)
    {
        var path = Path.Combine(_directory, name);
        var result = await ProcessRunner.RunAsync("/usr/bin/convert", [.. arguments, path], TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0, result.StandardError);
        return path;
    }
}
