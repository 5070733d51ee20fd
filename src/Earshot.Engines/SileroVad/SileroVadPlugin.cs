using System.Globalization;
using Earshot.Sdk;
using Earshot.Sdk.Models;

namespace Earshot.Engines.SileroVad;

/// <summary>Built-in plugin offering "silero-vad". Settings (all optional): ModelPath (default
/// {models}/silero-vad/weights/silero_vad.onnx), Name, Threshold, MinSpeechMs, MinSilenceMs, SpeechPadMs, Threads.</summary>
public sealed class SileroVadPlugin : IEarshotPlugin
{
    public const string DefaultModelFile = "silero_vad.onnx";

    public IEnumerable<IModel> CreateModels(PluginContext context)
    {
        var settings = context.Settings;
        var defaults = new SileroVadOptions { ModelPath = "" };
        var options = defaults with
        {
            ModelPath = Get(settings, "ModelPath") ?? Path.Combine(context.ModelsDirectory, "silero-vad", "weights", DefaultModelFile),
            Threshold = GetDouble(settings, "Threshold") is { } threshold ? (float)threshold : defaults.Threshold,
            MinSpeech = Milliseconds(settings, "MinSpeechMs") ?? defaults.MinSpeech,
            MinSilence = Milliseconds(settings, "MinSilenceMs") ?? defaults.MinSilence,
            SpeechPad = Milliseconds(settings, "SpeechPadMs") ?? defaults.SpeechPad,
            Threads = GetDouble(settings, "Threads") is { } threads ? (int)threads : defaults.Threads,
        };
        yield return new SileroVoiceActivityDetector(options, Get(settings, "Name") ?? SileroVoiceActivityDetector.DefaultName);
    }

    private static string? Get(IReadOnlyDictionary<string, string?> settings, string key) =>
        settings.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    private static double? GetDouble(IReadOnlyDictionary<string, string?> settings, string key) =>
        Get(settings, key) is { } value ? double.Parse(value, CultureInfo.InvariantCulture) : null;

    private static TimeSpan? Milliseconds(IReadOnlyDictionary<string, string?> settings, string key) =>
        GetDouble(settings, key) is { } ms ? TimeSpan.FromMilliseconds(ms) : null;
}
