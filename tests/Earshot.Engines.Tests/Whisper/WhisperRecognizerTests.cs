using Earshot.Engines.Whisper;
using Earshot.Sdk;
using Earshot.Sdk.Models;

namespace Earshot.Engines.Tests.Whisper;

public sealed class WhisperRecognizerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static WhisperRecognizer Load(int poolSize = 1, string? vad = null) => new(new WhisperOptions
    {
        Name = "whisper-test",
        ModelPath = WhisperTestModel.Path,
        PoolSize = poolSize,
        Threads = 1,
        VadModelPath = vad,
    });

    private static AudioBuffer Noise(double seconds)
    {
        var random = new Random(7);
        return new AudioBuffer([.. Enumerable.Range(0, (int)(seconds * 16_000)).Select(_ => (short)random.Next(-3000, 3000))]);
    }

    [Fact]
    public async Task TestModelLoadsAndTranscribesToNothingReusingOneProcessor()
    {
        using var whisper = Load();
        Assert.Equal(ModelKind.SpeechRecognizer, whisper.Info.Kind);
        Assert.Equal(["en"], whisper.Info.Languages);

        var first = await whisper.TranscribeAsync(Noise(1.5), new TranscribeOptions(), Ct);
        var second = await whisper.TranscribeAsync(Noise(0.3), new TranscribeOptions { Language = "en" }, Ct);

        Assert.Same(Transcript.Empty, first);
        Assert.Same(Transcript.Empty, second);
        Assert.Equal(1, whisper.ProcessorsCreated);
        Assert.Equal(1, whisper.IdleProcessors);
    }

    [Fact]
    public async Task ConcurrentRequestsNeverMakeMoreProcessorsThanThePool()
    {
        using var whisper = Load(poolSize: 2);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => whisper.TranscribeAsync(Noise(1), new TranscribeOptions(), Ct)));

        Assert.InRange(whisper.ProcessorsCreated, 1, 2);
        Assert.Equal(whisper.ProcessorsCreated, whisper.IdleProcessors);
    }

    [Fact]
    public async Task CancellationStopsTheDecodeAndTheProcessorIsNotReturned()
    {
        using var whisper = Load();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => whisper.TranscribeAsync(Noise(20), new TranscribeOptions(), cancel.Token));
        Assert.Equal(0, whisper.IdleProcessors);

        // the slot came back: the next request gets a fresh processor and completes
        Assert.Same(Transcript.Empty, await whisper.TranscribeAsync(Noise(0.5), new TranscribeOptions(), Ct));
        Assert.Equal(2, whisper.ProcessorsCreated);
    }

    [Fact]
    public void StreamWithoutVadTranscribesOnFinish()
    {
        using var whisper = Load();
        using var stream = whisper.OpenStream(new TranscribeOptions());
        Assert.Empty(stream.Accept(Noise(1).Samples));
        Assert.Equal("", stream.PartialText);
        Assert.Same(Transcript.Empty, stream.Finish());
        Assert.Equal(1, whisper.ProcessorsCreated);
    }

    [Fact]
    public void MissingWeightsFailTheLoadWithThePath()
    {
        var missing = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"no-{Guid.NewGuid():N}.bin");
        var ex = Assert.Throws<FileNotFoundException>(() => new WhisperRecognizer(new WhisperOptions { Name = "x", ModelPath = missing }));
        Assert.Contains(missing, ex.Message);
    }
}

public sealed class WhisperStreamTests
{
    private static string VadPath => Path.Combine(Earshot.Testing.RepositoryPaths.Models, "silero-vad", "weights", "silero_vad.onnx");

    [Fact]
    public async Task VadCutsTheStreamAtPausesAndEachChunkIsDecodedOnce()
    {
        var speech = await Earshot.Engines.Tests.SileroVad.SileroVadFixture.LoadAsync("jfk/jfk.wav");
        // "And so, my fellow Americans," pause, "ask not": two stretches of speech in the first 4.5 s
        var samples = speech.Samples[..(int)(4.5 * 16_000)];
        using var whisper = new WhisperRecognizer(new WhisperOptions
        {
            Name = "whisper-test", ModelPath = WhisperTestModel.Path, PoolSize = 1, Threads = 1, VadModelPath = VadPath,
        });

        using var stream = whisper.OpenStream(new TranscribeOptions());
        for (var at = 0; at < samples.Length; at += 1600)
            Assert.Empty(stream.Accept(samples.AsSpan(at, Math.Min(1600, samples.Length - at))));
        var decodedBeforeFinish = whisper.Decodes;
        Assert.Same(Transcript.Empty, stream.Finish());

        Assert.True(decodedBeforeFinish >= 1, "a chunk ended by a pause is decoded while the stream goes on");
        Assert.InRange(whisper.Decodes, 2, 4);
        Assert.Equal(1, whisper.ProcessorsCreated);
    }
}
