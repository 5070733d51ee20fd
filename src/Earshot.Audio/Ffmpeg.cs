using System.Globalization;
using System.Text.Json;
using Earshot.Sdk.Models;

namespace Earshot.Audio;

/// <summary>Decodes and converts audio through the ffmpeg and ffprobe programs.</summary>
public sealed class Ffmpeg(string ffmpegPath = "ffmpeg", string ffprobePath = "ffprobe")
{
    /// <summary>Reads container and first audio stream; throws <see cref="MediaException"/> when there is no decodable audio.</summary>
    public async Task<AudioProbe> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync(ffprobePath,
            ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", "-select_streams", "a:0", path],
            cancellationToken);
        if (result.ExitCode != 0)
            throw new MediaException("The file is not decodable audio.");

        using var json = JsonDocument.Parse(result.StandardOutput);
        var streams = json.RootElement.TryGetProperty("streams", out var s) ? s : default;
        if (streams.ValueKind != JsonValueKind.Array || streams.GetArrayLength() == 0)
            throw new MediaException("The file contains no audio stream.");
        var stream = streams[0];
        var format = json.RootElement.GetProperty("format");

        var duration = ReadDouble(stream, "duration") ?? ReadDouble(format, "duration") ?? 0;
        return new AudioProbe(
            Format: format.TryGetProperty("format_name", out var f) ? f.GetString() ?? "" : "",
            Codec: stream.TryGetProperty("codec_name", out var c) ? c.GetString() ?? "" : "",
            DurationSeconds: duration,
            SampleRate: (int)(ReadDouble(stream, "sample_rate") ?? 0),
            Channels: stream.TryGetProperty("channels", out var ch) ? ch.GetInt32() : 0,
            BitRate: (long?)(ReadDouble(format, "bit_rate")));
    }

    /// <summary>Writes a 16 kHz mono 16-bit WAV copy; throws <see cref="MediaException"/> if decoding fails or yields nothing.</summary>
    /// <param name="maxSeconds">When given, decoding stops a little past this much audio, whatever the file's header claims
    /// (a compressed file can say 1 s and decode to hours); the caller compares the output's length with its limit.</param>
    public async Task ConvertToCanonicalWavAsync(string inputPath, string outputPath, CancellationToken cancellationToken, double? maxSeconds = null)
    {
        string[] limit = maxSeconds is { } max ? ["-t", (max + 1).ToString("0.###", CultureInfo.InvariantCulture)] : [];
        var result = await ProcessRunner.RunAsync(ffmpegPath,
            ["-nostdin", "-v", "error", "-y", "-i", inputPath, "-vn", "-ac", "1", "-ar", AudioBuffer.CanonicalSampleRate.ToString(CultureInfo.InvariantCulture),
             "-c:a", "pcm_s16le", .. limit, "-f", "wav", outputPath],
            cancellationToken);
        if (result.ExitCode != 0 || !File.Exists(outputPath) || new FileInfo(outputPath).Length <= WavFile.HeaderSize)
        {
            File.Delete(outputPath);
            throw new MediaException("The audio could not be decoded.");
        }
    }

    /// <summary>Cuts [start, end) seconds of a file into a new file whose format follows its extension.</summary>
    public async Task CutAsync(string inputPath, double start, double end, string outputPath, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync(ffmpegPath,
            ["-nostdin", "-v", "error", "-y", "-ss", Seconds(start), "-to", Seconds(end), "-i", inputPath, outputPath],
            cancellationToken);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"ffmpeg could not cut audio: {result.StandardError}");
    }

    private static string Seconds(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static double? ReadDouble(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
        && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;
}
