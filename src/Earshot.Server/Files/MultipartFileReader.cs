using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Earshot.Server.Files;

/// <summary>A file part received from a multipart form and spooled to disk, plus the form's plain fields.</summary>
public sealed record ReceivedFile(string TempPath, string FileName, string ContentType, long Length, IReadOnlyDictionary<string, List<string>> Fields);

/// <summary>
/// Reads a multipart body section by section, so the size limit is enforced while bytes arrive
/// instead of after ASP.NET Core has buffered the whole form.
/// </summary>
public static class MultipartFileReader
{
    /// <returns>The file, or why the upload was refused.</returns>
    public static async Task<(ReceivedFile? File, UploadRejection? Rejection)> ReadAsync(HttpRequest request, string[] fileFields, long maxBytes,
        string tempDirectory, CancellationToken cancellationToken)
    {
        var (file, _, rejection) = await ReadFormAsync(request, fileFields, maxBytes, tempDirectory, cancellationToken);
        if (rejection is not null)
            return (null, rejection);
        return file is null
            ? (null, UploadRejection.Invalid($"No file was sent: add a file part named {string.Join(" or ", fileFields.Select(f => $"'{f}'"))}."))
            : (file, null);
    }

    /// <summary>Like <see cref="ReadAsync"/> for forms where the file part is optional: the file (or null) and the plain fields,
    /// or why the upload was refused.</summary>
    public static async Task<(ReceivedFile? File, IReadOnlyDictionary<string, List<string>> Fields, UploadRejection? Rejection)> ReadFormAsync(
        HttpRequest request, string[] fileFields, long maxBytes, string tempDirectory, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            return (null, fields, UploadRejection.Unsupported("Send the file as multipart/form-data."));
        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
            return (null, fields, UploadRejection.Invalid("The multipart boundary is missing."));
        var tooLarge = UploadRejection.TooLarge($"The upload exceeds the {maxBytes} byte limit.");
        if (request.ContentLength > maxBytes + 64 * 1024)
            return (null, fields, tooLarge);

        var reader = new MultipartReader(boundary, request.Body);
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
                    if (await CopyLimitedAsync(section.Body, path, maxBytes, cancellationToken) is not { } length)
                        return (null, fields, tooLarge);
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
            return (null, fields, UploadRejection.Invalid("The multipart body is malformed or was cut off."));
        }
        catch (InvalidDataException)
        {
            return (null, fields, UploadRejection.Invalid("The multipart body is malformed."));
        }
        return (file, fields, null);
    }

    /// <summary>The bytes copied, or null once they pass <paramref name="maxBytes"/>.</summary>
    private static async Task<long?> CopyLimitedAsync(Stream source, string path, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        await using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > maxBytes)
                return null;
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        return total;
    }
}
