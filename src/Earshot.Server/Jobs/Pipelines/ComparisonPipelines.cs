using Earshot.Sdk;
using Earshot.Sdk.Models;
using Earshot.Server.Files;
using Earshot.Server.Entities;
using Earshot.Server.Models;
using Earshot.Server.Voices;
using Earshot.Text;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Jobs.Pipelines;

/// <summary>Reading assessment against a given text: recognise the audio, compare with the text word by word.</summary>
public sealed class ComparisonAudioTextPipeline(FileService files, ModelRegistry models, AudioClips clips, ReadingComparison comparison,
    VoiceService voices, IOptions<ReadingOptions> options) : JobPipeline<ComparisonTextRequest, ComparisonResult>
{
    public const string KindName = "comparison.audio_text";
    public override string Kind => KindName;

    public override async Task<JobRequestError?> ValidateAsync(ComparisonTextRequest request, Guid ownerId, CancellationToken cancellationToken)
    {
        if (await ValidateReadingAudioAsync(files, models, options.Value, ownerId, request.AudioFile, request.AudioModel, cancellationToken) is { } error)
            return error;
        if (await ValidateSpeakerAsync(voices, ownerId, request.Speaker, cancellationToken) is { } speakerError)
            return speakerError;
        var text = Reference(request);
        if (TextNormalizer.Tokenize(text).Count == 0)
            return JobRequestError.Invalid("The text has no words to compare with.");
        var limit = options.Value.MaxTextCharacters;
        return text.Length > limit ? JobRequestError.Invalid($"The text is {text.Length} characters long; at most {limit} are accepted.") : null;
    }

    public override async Task<ComparisonResult> RunAsync(ComparisonTextRequest request, JobContext context, CancellationToken cancellationToken)
    {
        var model = AudioProcessPipeline.RequireModel(models, request.AudioModel);
        var (file, audio) = await clips.LoadAsync(context.OwnerId, request.AudioFile, cancellationToken);
        await context.ReportProgressAsync(5, cancellationToken);
        var result = await comparison.CompareAsync(model, file, audio, Reference(request), image: null, _ => null, context, cancellationToken);
        return result with { Speaker = await SpeakerAsync(voices, context.OwnerId, request.Speaker, audio, cancellationToken) };
    }

    /// <summary>The audio file exists and is the owner's, the model is loaded, and the reading is within Reading:MaxAudioSeconds
    /// (one look-up of the file for all three).</summary>
    internal static async Task<JobRequestError?> ValidateReadingAudioAsync(FileService files, ModelRegistry models, ReadingOptions options,
        Guid ownerId, Guid audioFile, string? modelName, CancellationToken cancellationToken)
    {
        if (await files.FindAsync(ownerId, audioFile, FileKind.Audio, cancellationToken) is not { } file)
            return AudioProcessPipeline.NoAudioFile();
        if (AudioProcessPipeline.ValidateModel(models, modelName) is { } modelError)
            return modelError;
        var seconds = file.DurationSeconds ?? 0;
        return seconds > options.MaxAudioSeconds
            ? JobRequestError.Invalid($"The reading is {seconds:0} s long; at most {options.MaxAudioSeconds:0} s are assessed (Reading:MaxAudioSeconds).")
            : null;
    }

    internal static async Task<JobRequestError?> ValidateSpeakerAsync(VoiceService voices, Guid ownerId, string? speaker, CancellationToken cancellationToken) =>
        speaker is null || await voices.FindAsync(ownerId, speaker, cancellationToken) is not null
            ? null
            : JobRequestError.NotFound($"No one is enrolled as '{speaker}'.");

    internal static async Task<ComparisonSpeaker?> SpeakerAsync(VoiceService voices, Guid ownerId, string? speaker, AudioBuffer audio,
        CancellationToken cancellationToken)
    {
        if (speaker is null)
            return null;
        var check = await voices.ScoreAsync(ownerId, speaker, audio, cancellationToken)
            ?? throw new JobFailedException($"No one is enrolled as '{speaker}' any more.");
        return new ComparisonSpeaker(speaker, check.Score, check.Score is { } s ? s >= voices.Threshold : null, voices.Threshold, check.SpeechSeconds);
    }

    /// <summary>The strings of the request as one text, one per line; char offsets in the result point into it.</summary>
    public static string Reference(ComparisonTextRequest request) => string.Join('\n', request.Text ?? []);
}

/// <summary>Reading assessment of a photographed page: OCR the image, recognise the audio, compare, and place each word on the page.</summary>
public sealed class ComparisonAudioImagePipeline(FileService files, IFileStore store, ModelRegistry models, AudioClips clips,
    ReadingComparison comparison, VoiceService voices, IOptions<ReadingOptions> options) : JobPipeline<ComparisonImageRequest, ComparisonResult>
{
    public const string KindName = "comparison.audio_image";
    public const string NoText = "no text found in image";
    public override string Kind => KindName;

    public override async Task<JobRequestError?> ValidateAsync(ComparisonImageRequest request, Guid ownerId, CancellationToken cancellationToken)
    {
        if (await ComparisonAudioTextPipeline.ValidateReadingAudioAsync(files, models, options.Value, ownerId, request.AudioFile, request.AudioModel,
                cancellationToken) is { } error)
            return error;
        if (await ComparisonAudioTextPipeline.ValidateSpeakerAsync(voices, ownerId, request.Speaker, cancellationToken) is { } speakerError)
            return speakerError;
        return await ImageProcessPipeline.ValidateImageAndModelAsync(files, models, ownerId, request.ImageFile, request.ImageModel, cancellationToken);
    }

    public override async Task<ComparisonResult> RunAsync(ComparisonImageRequest request, JobContext context, CancellationToken cancellationToken)
    {
        var (imageFile, ocr) = await ImageProcessPipeline.RequireImageAndModelAsync(files, models, context.OwnerId, request.ImageFile,
            request.ImageModel, cancellationToken);
        var model = AudioProcessPipeline.RequireModel(models, request.AudioModel);

        // OCR first: a page without text fails the job before any clip is stored
        var page = await ocr.RecognizeAsync(store.GetLocalPath(imageFile.CanonicalKey), cancellationToken);
        var words = TextNormalizer.Tokenize(page.Text);
        if (words.Count == 0)
            throw new JobFailedException(NoText);
        if (page.Text.Length > options.Value.MaxTextCharacters)
            throw new JobFailedException($"The page has {page.Text.Length} characters of text; at most {options.Value.MaxTextCharacters} are accepted.");
        await context.ReportProgressAsync(20, cancellationToken);

        var (file, audio) = await clips.LoadAsync(context.OwnerId, request.AudioFile, cancellationToken);
        var boxes = PageWordBoxes.Locate(page, words);
        var result = await comparison.CompareAsync(model, file, audio, page.Text, ImageProcessPipeline.ToResult(page, ocr.Info),
            index => boxes[index], context, cancellationToken);
        return result with { Speaker = await ComparisonAudioTextPipeline.SpeakerAsync(voices, context.OwnerId, request.Speaker, audio, cancellationToken) };
    }
}
