namespace Earshot.Server.Files;

/// <summary>Why an upload was refused: a status code (413 too large or over quota, 415 wrong type, 422 malformed) and a message.</summary>
public sealed record UploadRejection(int StatusCode, string Detail)
{
    public static UploadRejection TooLarge(string detail) => new(StatusCodes.Status413PayloadTooLarge, detail);
    public static UploadRejection Unsupported(string detail) => new(StatusCodes.Status415UnsupportedMediaType, detail);
    public static UploadRejection Invalid(string detail) => new(StatusCodes.Status422UnprocessableEntity, detail);
}
