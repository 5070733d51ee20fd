using Earshot.Sdk;
using Earshot.Sdk.Models;
using Earshot.Server.Files;
using Earshot.Server.Entities;
using Earshot.Server.Models;

namespace Earshot.Server.Jobs.Pipelines;

public sealed record ImageProcessingRequest(Guid ImageFile, string ImageModel);
public sealed record CompatPoint(double X, double Y);
public sealed record BoxCoordinates(CompatPoint LeftTop, CompatPoint RightTop, CompatPoint LeftBottom, CompatPoint RightBottom);
public sealed record ImageBox(string Text, BoxCoordinates Coordinates, double Confidence, int Line);
public sealed record ImageProcessingResult(string Text, IReadOnlyList<ImageBox> Boxes, string Model, string ModelVersion);

/// <summary>OCR of an uploaded image: the text and its boxes in the seed's shape, plus confidence and line.</summary>
public sealed class ImageProcessPipeline(FileService files, IFileStore store, ModelRegistry models) : JobPipeline<ImageProcessingRequest, ImageProcessingResult>
{
    public const string KindName = "image.process";
    public override string Kind => KindName;

    public override Task<JobRequestError?> ValidateAsync(ImageProcessingRequest request, Guid ownerId, CancellationToken cancellationToken) =>
        ValidateImageAndModelAsync(files, models, ownerId, request.ImageFile, request.ImageModel, cancellationToken);

    public override async Task<ImageProcessingResult> RunAsync(ImageProcessingRequest request, JobContext context, CancellationToken cancellationToken)
    {
        var (file, model) = await RequireImageAndModelAsync(files, models, context.OwnerId, request.ImageFile, request.ImageModel, cancellationToken);
        var text = await model.RecognizeAsync(store.GetLocalPath(file.CanonicalKey), cancellationToken);
        return ToResult(text, model.Info);
    }

    internal static async Task<JobRequestError?> ValidateImageAndModelAsync(FileService files, ModelRegistry models, Guid ownerId, Guid imageFile,
        string? modelName, CancellationToken cancellationToken)
    {
        if (await files.FindAsync(ownerId, imageFile, FileKind.Image, cancellationToken) is null)
            return JobRequestError.NotFound("No such image file available");
        return models.Find<IImageTextRecognizer>(modelName) is null
            ? JobRequestError.NotFound($"No such image model available. Available: {string.Join(", ", models.NamesOf<IImageTextRecognizer>())}.")
            : null;
    }

    /// <summary>The stored image and the recogniser a queued job asked for; either may have gone since it was validated.</summary>
    internal static async Task<(StoredFile File, IImageTextRecognizer Model)> RequireImageAndModelAsync(FileService files, ModelRegistry models,
        Guid ownerId, Guid imageFile, string modelName, CancellationToken cancellationToken)
    {
        var file = await files.FindAsync(ownerId, imageFile, FileKind.Image, cancellationToken)
            ?? throw new JobFailedException("The image file was deleted before the job ran.");
        var model = models.Find<IImageTextRecognizer>(modelName)
            ?? throw new JobFailedException($"The image model '{modelName}' is no longer loaded.");
        return (file, model);
    }

    public static ImageProcessingResult ToResult(ImageText text, ModelInfo model) => new(text.Text, text.Boxes.Select(ToCompatBox).ToList(), model.Name, model.Version);

    private static ImageBox ToCompatBox(TextBox box) => new(box.Text,
        new BoxCoordinates(P(box.Box.LeftTop), P(box.Box.RightTop), P(box.Box.LeftBottom), P(box.Box.RightBottom)),
        Math.Round(box.Confidence, 4), box.Line);

    private static CompatPoint P(Point p) => new(Math.Round(p.X, 1), Math.Round(p.Y, 1));
}
