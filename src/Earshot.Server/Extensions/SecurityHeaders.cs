namespace Earshot.Server.Extensions;

/// <summary>
/// Response headers that keep browsers from reinterpreting what the API sends: no MIME sniffing anywhere, no caching of
/// /v1/auth answers, and on HTML pages (the API reference) a content security policy that loads nothing from elsewhere
/// and forbids framing.
/// </summary>
public static class SecurityHeaders
{
    public const string HtmlPolicy = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
        + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

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
                    headers.ContentSecurityPolicy = HtmlPolicy;
                    headers.XFrameOptions = "DENY";
                    headers["Referrer-Policy"] = "no-referrer";
                }
                return Task.CompletedTask;
            });
            await next(context);
        });
}
