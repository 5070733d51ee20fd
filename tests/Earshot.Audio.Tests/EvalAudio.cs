using System.Collections.Concurrent;
using Earshot.Sdk.Models;
using Earshot.Testing;

namespace Earshot.Audio.Tests;

/// <summary>Eval recordings decoded once per test run through the real ffmpeg conversion.</summary>
internal static class EvalAudio
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<AudioBuffer>>> Decoded = new();

    public static IReadOnlyList<SpeechSample> Manifest { get; } = SpeechManifest.Load();

    public static SpeechSample Sample(string file) => Manifest.Single(s => s.File == file);

    public static Task<AudioBuffer> LoadAsync(string file) =>
        Decoded.GetOrAdd(file, f => new Lazy<Task<AudioBuffer>>(() => DecodeAsync(RepositoryPaths.Speech(f)))).Value;

    private static async Task<AudioBuffer> DecodeAsync(string path)
    {
        var directory = Directory.CreateTempSubdirectory("earshot-audio-tests-");
        try
        {
            var wav = Path.Combine(directory.FullName, "canonical.wav");
            await new Ffmpeg().ConvertToCanonicalWavAsync(path, wav, CancellationToken.None);
            return WavFile.Read(wav);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}

/// <summary>Synthetic test signals at 16 kHz unless told otherwise.</summary>
internal static class Signals
{
    public static short[] Sine(double frequency, double seconds, double amplitude = 0.5, int rate = AudioBuffer.CanonicalSampleRate) =>
        Generate(seconds, rate, t => amplitude * Math.Sin(2 * Math.PI * frequency * t));

    /// <summary>Rising ramp from −amplitude to +amplitude each period: all harmonics, strongest at f0.</summary>
    public static short[] Sawtooth(double frequency, double seconds, double amplitude = 0.5, int rate = AudioBuffer.CanonicalSampleRate) =>
        Generate(seconds, rate, t => amplitude * (2 * (t * frequency - Math.Floor(t * frequency + 0.5))));

    public static short[] Silence(double seconds, int rate = AudioBuffer.CanonicalSampleRate) => new short[(int)Math.Round(seconds * rate)];

    public static short[] Noise(double seconds, double amplitude, int seed, int rate = AudioBuffer.CanonicalSampleRate)
    {
        var random = new Random(seed);
        return Generate(seconds, rate, _ => amplitude * (2 * random.NextDouble() - 1));
    }

    public static AudioBuffer Concat(params short[][] parts) => new([.. parts.SelectMany(p => p)]);

    private static short[] Generate(double seconds, int rate, Func<double, double> valueAt)
    {
        var samples = new short[(int)Math.Round(seconds * rate)];
        for (var i = 0; i < samples.Length; i++)
            samples[i] = (short)Math.Clamp(Math.Round(valueAt((double)i / rate) * 32768), short.MinValue, short.MaxValue);
        return samples;
    }
}
