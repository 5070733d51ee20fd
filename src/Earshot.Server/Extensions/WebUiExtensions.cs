using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Earshot.Server.Extensions;

/// <summary>The browser front end: static HTML, ES modules and CSS from wwwroot, served at / without authentication.</summary>
public static class WebUiExtensions
{
    public static WebApplication UseWebUi(this WebApplication app)
    {
        // wwwroot is copied beside the binary; the server may run from any working directory.
        var root = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (!Directory.Exists(root))
            return app;
        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            // Small files that change with the server: always revalidate (an ETag answers 304), never serve a stale module.
            OnPrepareResponse = ctx => ctx.Context.Response.Headers[HeaderNames.CacheControl] = "no-cache",
        });
        return app;
    }
}
