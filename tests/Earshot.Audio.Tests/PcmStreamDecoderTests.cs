using Earshot.Sdk.Models;
using Earshot.Testing;

namespace Earshot.Audio.Tests;

public class PcmStreamDecoderTests
{
    [Theory]
    [InlineData("librispeech/3752-4944-0000.flac")]
    [InlineData("commonvoice/common_voice_en_651325.mp3")]
    public async Task PipedDecodeMatchesTheCanonicalFileConversion(string file)
    {
        var canonical = await EvalAudio.LoadAsync(file);
        await using var compressed = File.OpenRead(RepositoryPaths.Speech(file));

        var piped = await PcmStreamDecoder.DecodeAsync(compressed, TestContext.Current.CancellationToken);

        Assert.Equal(AudioBuffer.CanonicalSampleRate, piped.SampleRate);
        Assert.Equal(EvalAudio.Sample(file).Duration, piped.DurationSeconds, 0.05);
        // Same ffmpeg, same resampler: the stream decode is sample-for-sample the file conversion.
        Assert.Equal(canonical.Samples, piped.Samples);
    }

    [Fact]
    public async Task CallerCanWriteSmallChunksWhileReadingOddSizedBuffers()
    {
        var file = "librispeech/2412-153948-0002.flac";
        var bytes = await File.ReadAllBytesAsync(RepositoryPaths.Speech(file), TestContext.Current.CancellationToken);
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var decoder = PcmStreamDecoder.Start();

        var writing = Task.Run(async () =>
        {
            for (var offset = 0; offset < bytes.Length; offset += 777)
                await decoder.WriteAsync(bytes.AsMemory(offset, Math.Min(777, bytes.Length - offset)), cancellationToken);
            await decoder.CompleteInputAsync();
        }, cancellationToken);
        var samples = new List<short>();
        var buffer = new short[1024];
        var size = 1;
        int read;
        while ((read = await decoder.ReadAsync(buffer.AsMemory(0, size), cancellationToken)) > 0)
        {
            samples.AddRange(buffer.AsSpan(0, read));
            size = size % 997 + 13; // 1, 14, 27 … never a round size
        }
        await writing;

        Assert.Equal((await EvalAudio.LoadAsync(file)).Samples, samples);
        Assert.Equal(0, await decoder.ReadAsync(buffer, cancellationToken));
    }

    [Fact]
    public async Task BytesThatAreNotAudioRaiseMediaException()
    {
        var garbage = new byte[50_000];
        new Random(3).NextBytes(garbage);

        await Assert.ThrowsAsync<MediaException>(() => PcmStreamDecoder.DecodeAsync(new MemoryStream(garbage), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AReadWaitingForInputCanBeCancelledAndDisposeEndsFfmpeg()
    {
        var decoder = PcmStreamDecoder.Start();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancellation.CancelAfter(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await decoder.ReadAsync(new short[100], cancellation.Token));

        var disposing = decoder.DisposeAsync().AsTask();
        Assert.Same(disposing, await Task.WhenAny(disposing, Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)));
    }
}
