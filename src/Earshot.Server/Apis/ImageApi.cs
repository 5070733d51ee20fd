using Earshot.Server.Jobs.Pipelines;

namespace Earshot.Server.Apis;

/// <summary>Image jobs under /v1/image; each is a seed-style task pair over the job engine.</summary>
public static class ImageApi
{
    public static IEndpointRouteBuilder MapImageApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("v1/image").WithTags("Image");
        api.MapCompatTask<ImageProcessingRequest>("process", ImageProcessPipeline.KindName,
            "Recognise the text on an uploaded image: text and word boxes with confidence.");
        return app;
    }
}
