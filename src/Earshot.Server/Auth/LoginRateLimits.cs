using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Auth;

/// <summary>
/// Fixed-window limits on sign-in attempts, per account and per client address (ASP.NET Core's rate limiter). The
/// account is the look-alike key of the posted user name, so "ａｎｎ" and "ann" count together.
/// </summary>
public static class LoginRateLimits
{
    public static IServiceCollection AddLoginRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, () => "address:" + context.Connection.RemoteIpAddress,
                    a => a.LoginAttemptsPerAddress)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, () => "account:" + AccountOf(context),
                    a => a.LoginAttemptsPerAccount)));
            o.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;
                http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests",
                        Detail = $"Too many sign-in attempts; try again in {seconds} s.",
                    },
                });
            };
        });

    /// <summary>Reads the sign-in form before the limiter looks at it (the limiter's partition choice is synchronous).</summary>
    public static IApplicationBuilder UseLoginRateLimits(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (IsLogin(context) && context.Request.HasFormContentType)
            {
                try
                {
                    await context.Request.ReadFormAsync(context.RequestAborted);
                }
                catch (InvalidDataException)
                {
                    // the endpoint answers a malformed form with 400
                }
            }
            await next(context);
        }).UseRateLimiter();

    private static bool IsLogin(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals("/v1/auth/token", StringComparison.OrdinalIgnoreCase);

    private static string AccountOf(HttpContext context)
    {
        try
        {
            return context.Request.HasFormContentType && context.Request.Form.TryGetValue("username", out var name) ? UserNames.Key(name.ToString()) : "";
        }
        catch (InvalidDataException)
        {
            return "";
        }
    }

    private static RateLimitPartition<string> Partition(HttpContext context, Func<string> key, Func<AuthOptions, int> permits)
    {
        if (!IsLogin(context))
            return RateLimitPartition.GetNoLimiter("");
        var options = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;
        return RateLimitPartition.GetFixedWindowLimiter(key(), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits(options), Window = options.LoginWindow, QueueLimit = 0, AutoReplenishment = true,
        });
    }
}
