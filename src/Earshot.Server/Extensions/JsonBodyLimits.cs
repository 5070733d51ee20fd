using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Extensions;

/// <summary>Endpoint metadata: this route reads JSON bodies up to <paramref name="MaxBytes"/> (null: it enforces its own limit).</summary>
public sealed record JsonBodyLimit(long? MaxBytes);

/// <summary>
/// Caps JSON request bodies (job requests and every other JSON route) at Earshot:MaxJsonBodyBytes unless the route says
/// otherwise: a declared length past it is refused before reading, a chunked body when it gets there (413 either way).
/// </summary>
public static class JsonBodyLimits
{
    public static IApplicationBuilder UseJsonBodyLimits(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (request.HasJsonContentType())
            {
                var limit = context.GetEndpoint()?.Metadata.GetMetadata<JsonBodyLimit>() is { } declared
                    ? declared.MaxBytes
                    : context.RequestServices.GetRequiredService<IOptions<EarshotOptions>>().Value.MaxJsonBodyBytes;
                if (limit is { } max)
                {
                    if (request.ContentLength > max)
                    {
                        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                        {
                            HttpContext = context,
                            ProblemDetails = new ProblemDetails { Status = 413, Title = "Payload too large", Detail = TooLarge(max) },
                        });
                        return;
                    }
                    request.Body = new LimitedReadStream(request.Body, max);
                }
            }
            await next(context);
        });

    private static string TooLarge(long max) => $"A JSON request body may have at most {max} bytes.";

    /// <summary>Reads through to the body and throws the 413 that Kestrel's own limit would once more than the limit came.</summary>
    private sealed class LimitedReadStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _read += read;
            if (_read > limit)
                throw new BadHttpRequestException(TooLarge(limit), StatusCodes.Status413PayloadTooLarge);
            return read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
