using Earshot.Sdk.Models;
using Earshot.Server.Models;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Earshot.Server.Apis;

public sealed record ModelData(string Name, IReadOnlyList<string> Languages, string Description);
public sealed record ModelsDataResponse(IReadOnlyList<ModelData> Models);
public sealed record ModelDetail(string Name, ModelKind Kind, IReadOnlyList<string> Languages, string Description, string Version);
public sealed record ModelsResponse(IReadOnlyList<ModelDetail> Models, IReadOnlyList<ModelLoadFailure> Failures);

/// <summary>Which models are loaded: the seed's per-medium lists and a full list with kinds, versions and load failures.</summary>
public static class ModelsApi
{
    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("v1/audio/models", (ModelRegistry registry) => ModelList<ISpeechRecognizer>(registry))
            .WithTags("Audio").WithName("ListAudioModels").WithSummary("Speech recognisers available for audio tasks.");
        app.MapGet("v1/image/models", (ModelRegistry registry) => ModelList<IImageTextRecognizer>(registry))
            .WithTags("Image").WithName("ListImageModels").WithSummary("Text recognisers available for image tasks.");
        app.MapGet("v1/models", ListModels)
            .WithTags("Models").WithName(nameof(ListModels)).WithSummary("Every loaded model with kind and version, and plugins that failed to load.");
        return app;
    }

    private static Ok<ModelsDataResponse> ModelList<T>(ModelRegistry registry) where T : IModel =>
        TypedResults.Ok(new ModelsDataResponse(registry.OfType<T>().Select(m => new ModelData(m.Info.Name, m.Info.Languages, m.Info.Description)).ToList()));

    private static Ok<ModelsResponse> ListModels(ModelRegistry registry) => TypedResults.Ok(new ModelsResponse(
        registry.Models.Select(m => new ModelDetail(m.Info.Name, m.Info.Kind, m.Info.Languages, m.Info.Description, m.Info.Version)).ToList(),
        registry.Failures));
}
