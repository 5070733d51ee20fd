using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Earshot.Server.Apis;

/// <summary>
/// The request body of POST /v1/recordings in the OpenAPI document. The handler reads the body itself (multipart,
/// form or JSON), so nothing infers it; <c>.Accepts</c> would also change how requests are matched (a missing or
/// other content type answered 415 with no detail), so the schema is added by an operation transformer instead.
/// </summary>
internal static class RecordingRequestDocs
{
    public static async Task DescribeCreateBody(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var json = await context.GetOrCreateSchemaAsync(typeof(RecordingBody), cancellationToken: cancellationToken);
        var form = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The audio (any format ffmpeg reads); or give file_id." },
                ["file_id"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid", Description = "An audio file you uploaded before." },
                ["name"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["keywords[]"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String }, Description = "Repeatable; seed 002's 'words' is accepted too." },
                ["timestamps"] = new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "Word timings in the result (default true); seed 002's 'get_timestamps' is accepted too." },
                ["sentiment"] = new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "VADER sentiment (default true)." },
                ["model"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Speech model (GET /v1/models)." },
                ["chunk_seconds"] = new OpenApiSchema { Type = JsonSchemaType.Number, Description = "Analysis chunk length, 10-600 s." },
            },
        };
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["multipart/form-data"] = new() { Schema = form },
                ["application/x-www-form-urlencoded"] = new() { Schema = form },
                ["application/json"] = new() { Schema = json },
            },
        };
    }
}
