namespace Earshot.Server.Extensions;

/// <summary>
/// Response headers that keep browsers from reinterpreting what the API sends: no MIME sniffing anywhere, no caching of
/// /v1/auth answers, and on HTML pages (the API reference) a content security policy that loads nothing from elsewhere
/// and forbids framing.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The API reference (Scalar) sets up its page with inline script and style.</summary>
    public const string ReferencePolicy = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
        + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The web front end: no inline code at all; downloads become blob: URLs for images and audio; the live page
    /// opens a WebSocket to this host.</summary>
    public static string FrontEndPolicy(HostString host) => "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
        + $"media-src 'self' blob:; connect-src 'self' ws://{host} wss://{host}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                // tokens, API key secrets and account data must not sit in a browser or proxy cache
                if (context.Request.Path.StartsWithSegments("/v1/auth") && string.IsNullOrEmpty(headers.CacheControl))
                    headers.CacheControl = "no-store";
                if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
                {
                    headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/docs")
                        ? ReferencePolicy
                        : FrontEndPolicy(context.Request.Host);
                    headers.XFrameOptions = "DENY";
                    headers["Referrer-Policy"] = "no-referrer";
                }
                return Task.CompletedTask;
            });
            await next(context);
        });
}
