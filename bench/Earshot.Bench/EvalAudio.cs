using Earshot.Audio;
using Earshot.Sdk.Models;
using Earshot.Testing;

namespace Earshot.Bench;

internal static class EvalAudio
{
    /// <summary>The eval recordings decoded by ffmpeg to canonical 16 kHz mono, as the server stores them.</summary>
    public static async Task<List<AudioBuffer>> LoadAsync(IEnumerable<SpeechSample> samples)
    {
        var audio = new List<AudioBuffer>();
        foreach (var sample in samples)
        {
            var wav = Path.Combine(Path.GetTempPath(), $"earshot-bench-{Guid.NewGuid():N}.wav");
            await new Ffmpeg().ConvertToCanonicalWavAsync(sample.FullPath, wav, CancellationToken.None);
            audio.Add(WavFile.Read(wav));
            File.Delete(wav);
        }
        return audio;
    }
}
