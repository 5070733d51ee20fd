using Earshot.Engines.PaddleOcr;
using Earshot.Engines.PocketSphinx;
using Earshot.Engines.Remote;
using Earshot.Engines.SileroVad;
using Earshot.Engines.Tesseract;
using Earshot.Engines.Whisper;
using Earshot.Text.Sentiment;
using Earshot.Sdk;

namespace Earshot.Server.Models;

/// <summary>The engines that ship with Earshot, by plugin name. They load through the same IEarshotPlugin contract as drop-ins.</summary>
public sealed class BuiltinPlugins
{
    public IReadOnlyDictionary<string, Func<IEarshotPlugin>> All { get; } = new Dictionary<string, Func<IEarshotPlugin>>(StringComparer.OrdinalIgnoreCase)
    {
        ["pocketsphinx"] = () => new PocketSphinxPlugin(),
        ["tesseract"] = () => new TesseractPlugin(),
        ["ppocr"] = () => new PaddleOcrPlugin(),
        ["silero-vad"] = () => new SileroVadPlugin(),
        ["vader"] = () => new VaderPlugin(),
        ["remote"] = () => new RemoteAsrPlugin(),
        ["whisper"] = () => new WhisperPlugin(),
    };
}
