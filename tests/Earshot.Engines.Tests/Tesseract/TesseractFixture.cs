using System.Collections.Concurrent;
using System.Diagnostics;
using Earshot.Engines.Tesseract;
using Earshot.Sdk;

namespace Earshot.Engines.Tests.Tesseract;

/// <summary>One recogniser for a test class, and each eval page recognised at most once however many tests look at it.</summary>
public sealed class TesseractFixture : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<(ImageText Text, TimeSpan Elapsed)>>> pages = new();

    public TesseractRecognizer Recognizer { get; } = new(new TesseractOptions(PoolSize: 2));

    public Task<(ImageText Text, TimeSpan Elapsed)> RecognizeEvalPage(string file) =>
        pages.GetOrAdd(file, f => new Lazy<Task<(ImageText, TimeSpan)>>(async () =>
        {
            var stopwatch = Stopwatch.StartNew();
            var text = await Recognizer.RecognizeAsync(OcrManifest.Page(f).FullPath, CancellationToken.None);
            return (text, stopwatch.Elapsed);
        })).Value;

    public void Dispose() => Recognizer.Dispose();
}
