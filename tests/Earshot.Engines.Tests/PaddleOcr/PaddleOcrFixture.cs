using Earshot.Engines.PaddleOcr;
using Earshot.Testing;

namespace Earshot.Engines.Tests.PaddleOcr;

/// <summary>One recogniser (three ONNX sessions) for all OCR tests; they run one after another in this collection.</summary>
public sealed class PaddleOcrFixture : IDisposable
{
    public PaddleOcrRecognizer Recognizer { get; } = new(new PaddleOcrOptions
    {
        ModelsDirectory = Path.Combine(RepositoryPaths.Models, "ppocr", "assets"),
    });

    public void Dispose() => Recognizer.Dispose();
}

[CollectionDefinition(Name)]
public sealed class PaddleOcrCollection : ICollectionFixture<PaddleOcrFixture>
{
    public const string Name = "ppocr";
}
