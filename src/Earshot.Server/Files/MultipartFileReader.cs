using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Earshot.Server.Files;

/// <summary>A file part received from a multipart form and spooled to disk, plus the form's plain fields.</summary>
public sealed record ReceivedFile(string TempPath, string FileName, string ContentType, long Length, IReadOnlyDictionary<string, List<string>> Fields);

public sealed class UploadException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}

/// <summary>
/// Reads a multipart body section by section, so the size limit is enforced while bytes arrive
/// instead of after ASP.NET Core has buffered the whole form.
/// </summary>
public static class MultipartFileReader
{
    public static async Task<ReceivedFile> ReadAsync(HttpRequest request, string[] fileFields, long maxBytes, string tempDirectory,
        CancellationToken cancellationToken)
    {
        var (file, _) = await ReadFormAsync(request, fileFields, maxBytes, tempDirectory, cancellationToken);
        return file ?? throw new UploadException(StatusCodes.Status422UnprocessableEntity,
            $"No file was sent: add a file part named {string.Join(" or ", fileFields.Select(f => $"'{f}'"))}.");
    }

    /// <summary>Like <see cref="ReadAsync"/> for forms where the file part is optional: the file (or null) and the plain fields.</summary>
    public static async Task<(ReceivedFile? File, IReadOnlyDictionary<string, List<string>> Fields)> ReadFormAsync(HttpRequest request,
        string[] fileFields, long maxBytes, string tempDirectory, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            throw new UploadException(StatusCodes.Status415UnsupportedMediaType, "Send the file as multipart/form-data.");
        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
            throw new UploadException(StatusCodes.Status422UnprocessableEntity, "The multipart boundary is missing.");
        if (request.ContentLength > maxBytes + 64 * 1024)
            throw new UploadException(StatusCodes.Status413PayloadTooLarge, $"The upload exceeds the {maxBytes} byte limit.");

        var reader = new MultipartReader(boundary, request.Body);
        var fields = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        ReceivedFile? file = null;
        try
        {
            MultipartSection? section;
            while ((section = await reader.ReadNextSectionAsync(cancellationToken)) is not null)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                    continue;
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (disposition.IsFileDisposition() && file is null && fileFields.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
                    var path = Path.Combine(tempDirectory, "upload");
                    var length = await CopyLimitedAsync(section.Body, path, maxBytes, cancellationToken);
                    file = new ReceivedFile(path, fileName, section.ContentType ?? "application/octet-stream", length, fields);
                }
                else if (disposition.IsFormDisposition())
                {
                    using var text = new StreamReader(section.Body);
                    var value = await text.ReadToEndAsync(cancellationToken);
                    if (!fields.TryGetValue(name, out var list))
                        fields[name] = list = [];
                    list.Add(value);
                }
            }
        }
        catch (IOException)
        {
            throw new UploadException(StatusCodes.Status422UnprocessableEntity, "The multipart body is malformed or was cut off.");
        }
        catch (InvalidDataException)
        {
            throw new UploadException(StatusCodes.Status422UnprocessableEntity, "The multipart body is malformed.");
        }
        return (file, fields);
    }

    private static async Task<long> CopyLimitedAsync(Stream source, string path, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        await using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > maxBytes)
                throw new UploadException(StatusCodes.Status413PayloadTooLarge, $"The upload exceeds the {maxBytes} byte limit.");
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        return total;
    }
}
