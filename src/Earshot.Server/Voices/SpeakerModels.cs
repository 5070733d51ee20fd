using Earshot.Engines.Speakers;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Voices;

/// <summary>The one shared <see cref="SpeakerModel"/>, loaded on first use (about 15 MB of weights, well under a second).</summary>
public sealed class SpeakerModels(IOptions<VoiceOptions> voices, IOptions<EarshotOptions> earshot, ILogger<SpeakerModels> logger)
{
    private readonly Lazy<SpeakerModel?> _model = new(() => Load(voices.Value, earshot.Value, logger));

    public string Directory => ModelDirectory(voices.Value, earshot.Value);

    /// <summary>Null when the model is not installed or cannot be read (logged once).</summary>
    public SpeakerModel? Model => _model.Value;

    public const string Name = SpeakerModel.FolderName;

    private static string ModelDirectory(VoiceOptions voices, EarshotOptions earshot) =>
        Path.GetFullPath(string.IsNullOrEmpty(voices.ModelDirectory)
            ? Path.Combine(earshot.ModelsDirectory, SpeakerModel.FolderName)
            : voices.ModelDirectory);

    private static SpeakerModel? Load(VoiceOptions voices, EarshotOptions earshot, ILogger logger)
    {
        var directory = ModelDirectory(voices, earshot);
        try
        {
            var model = SpeakerModel.Load(directory);
            VoiceLog.ModelLoaded(logger, directory);
            return model;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            VoiceLog.ModelMissing(logger, directory, ex.Message);
            return null;
        }
    }
}

internal static partial class VoiceLog
{
    [LoggerMessage(EventId = 1700, EventName = "SpeakerModelLoaded", Level = LogLevel.Information, Message = "Speaker model loaded from {Directory}")]
    public static partial void ModelLoaded(ILogger logger, string directory);

    [LoggerMessage(EventId = 1701, EventName = "SpeakerModelMissing", Level = LogLevel.Error, Message = "Speaker model not loaded from {Directory}: {Error}")]
    public static partial void ModelMissing(ILogger logger, string directory, string error);

    [LoggerMessage(EventId = 1702, EventName = "VoiceActivity", Level = LogLevel.Information, Message = "{Line}")]
    public static partial void Activity(ILogger logger, string line);
}
