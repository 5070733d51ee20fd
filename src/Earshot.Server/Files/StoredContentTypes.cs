using Microsoft.AspNetCore.StaticFiles;

namespace Earshot.Server.Files;

/// <summary>The media type of a stored file, from its extension: uploads are accepted only with an audio or image
/// extension and only when they decode, so this never names HTML or script whatever the uploader sent as Content-Type.</summary>
public static class StoredContentTypes
{
    private static readonly FileExtensionContentTypeProvider Provider = new();

    public static string For(string pathOrExtension)
    {
        var extension = Path.GetExtension(pathOrExtension);
        if (string.IsNullOrEmpty(extension))
            extension = pathOrExtension;
        return Provider.TryGetContentType("x" + extension.ToLowerInvariant(), out var type)
            && (type.StartsWith("audio/", StringComparison.Ordinal) || type.StartsWith("image/", StringComparison.Ordinal)
                || type.StartsWith("video/", StringComparison.Ordinal))
            && type != "image/svg+xml"
            ? type
            : "application/octet-stream";
    }
}
