using System.Collections.Concurrent;
using Earshot.Sdk;
using Earshot.Sdk.Models;

namespace Earshot.Engines.Tesseract;

/// <summary>
/// Image text recognition with tesseract 5 (LSTM engine, automatic page segmentation). Thread-safe: up to
/// <see cref="TesseractOptions.PoolSize"/> recognitions run at once, each on its own TessBaseAPI that is loaded once and reused.
/// </summary>
public sealed class TesseractRecognizer : IImageTextRecognizer, IDisposable
{
    private readonly TesseractOptions options;
    private readonly SemaphoreSlim slots;
    private readonly ConcurrentBag<TesseractEngine> idle = [];
    private int disposed;

    public TesseractRecognizer(TesseractOptions? options = null, string? modelName = null)
    {
        this.options = options ?? new TesseractOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(this.options.PoolSize, 1, nameof(options));
        slots = new SemaphoreSlim(this.options.PoolSize, this.options.PoolSize);
        // Loading the first engine here reports a wrong tessdata path or language at start-up; the rest load on demand.
        idle.Add(new TesseractEngine(this.options));
        Info = new ModelInfo(
            modelName ?? DefaultModelName(this.options.Language),
            ModelKind.ImageTextRecognizer,
            this.options.Languages,
            $"Tesseract {Version} LSTM ({this.options.Language}), words with boxes and confidences",
            Version);
    }

    /// <summary>The version libtesseract reports, e.g. "5.3.0".</summary>
    public static string Version => System.Runtime.InteropServices.Marshal.PtrToStringUTF8(TesseractNative.TessVersion()) ?? "unknown";

    /// <summary>"tesseract" for English, "tesseract-{language}" otherwise.</summary>
    public static string DefaultModelName(string language) =>
        language == TesseractOptions.DefaultLanguage ? "tesseract" : $"tesseract-{language}";

    public ModelInfo Info { get; }

    public async Task<ImageText> RecognizeAsync(string imagePath, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Recognition is seconds of native CPU work: keep it off the caller's thread.
            return await Task.Run(() => RecognizeOnPooledEngine(imagePath, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            slots.Release();
        }
    }

    private ImageText RecognizeOnPooledEngine(string imagePath, CancellationToken cancellationToken)
    {
        var engine = idle.TryTake(out var pooled) ? pooled : new TesseractEngine(options);
        try
        {
            return engine.Recognize(imagePath, cancellationToken);
        }
        finally
        {
            if (Volatile.Read(ref disposed) != 0)
                engine.Dispose();
            else
                idle.Add(engine);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
            return;
        while (idle.TryTake(out var engine))
            engine.Dispose();
    }
}
