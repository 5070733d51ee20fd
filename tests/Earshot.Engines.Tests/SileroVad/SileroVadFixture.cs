using Earshot.Audio;
using Earshot.Engines.SileroVad;
using Earshot.Sdk.Models;
using Earshot.Testing;

namespace Earshot.Engines.Tests.SileroVad;

/// <summary>One detector (one ONNX session) for all VAD tests, and eval audio decoded to canonical 16 kHz mono.</summary>
public sealed class SileroVadFixture : IDisposable
{
    public static string ModelPath => Path.Combine(RepositoryPaths.Models, "silero-vad", "weights", "silero_vad.onnx");

    public SileroVoiceActivityDetector Detector { get; } = new(new SileroVadOptions { ModelPath = ModelPath });

    public static async Task<AudioBuffer> LoadAsync(string relativePath)
    {
        var wav = Path.Combine(Path.GetTempPath(), $"earshot-vad-{Guid.NewGuid():N}.wav");
        try
        {
            await new Ffmpeg().ConvertToCanonicalWavAsync(RepositoryPaths.Speech(relativePath), wav, TestContext.Current.CancellationToken);
            return WavFile.Read(wav);
        }
        finally
        {
            File.Delete(wav);
        }
    }

    public void Dispose() => Detector.Dispose();
}

[CollectionDefinition(Name)]
public sealed class SileroVadCollection : ICollectionFixture<SileroVadFixture>
{
    public const string Name = "silero-vad";
}
