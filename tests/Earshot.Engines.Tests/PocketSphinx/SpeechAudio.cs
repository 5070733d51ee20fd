using System.Collections.Concurrent;
using Earshot.Audio;
using Earshot.Sdk.Models;
using Earshot.Testing;

namespace Earshot.Engines.Tests.PocketSphinx;

/// <summary>Eval recordings from ../shared decoded to canonical 16 kHz mono through ffmpeg, once per test run.</summary>
internal static class SpeechAudio
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<AudioBuffer>>> Cache = new();

    public static Task<AudioBuffer> LoadAsync(string relativePath) =>
        Cache.GetOrAdd(relativePath, path => new Lazy<Task<AudioBuffer>>(() => DecodeAsync(path))).Value;

    public static AudioBuffer Silence(double seconds) => new(new short[(int)(seconds * AudioBuffer.CanonicalSampleRate)]);

    private static async Task<AudioBuffer> DecodeAsync(string relativePath)
    {
        var wav = Path.Combine(Path.GetTempPath(), $"earshot-ps-{Guid.NewGuid():N}.wav");
        try
        {
            await new Ffmpeg().ConvertToCanonicalWavAsync(RepositoryPaths.Speech(relativePath), wav, CancellationToken.None);
            return WavFile.Read(wav);
        }
        finally
        {
            File.Delete(wav);
        }
    }
}
