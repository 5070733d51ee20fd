using Earshot.Server.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Auth;

public static class AuthExtensions
{
    /// <summary>The default scheme: API key when X-Api-Key is sent, bearer token otherwise.</summary>
    public const string SchemeName = "Earshot";

    public static IHostApplicationBuilder AddEarshotAuth(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SigningKeyStore>();
        services.AddSingleton<TokenService>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IPasswordHasher<Entities.User>, PasswordHasher<Entities.User>>();
        services.AddSingleton<PasswordPolicy>();
        services.AddScoped<UserAccounts>();
        services.AddLoginRateLimits();

        services.AddAuthentication(SchemeName)
            .AddPolicyScheme(SchemeName, "Bearer token or API key", o =>
                // An empty X-Api-Key is no credential: the bearer token beside it decides.
                o.ForwardDefaultSelector = context => !string.IsNullOrWhiteSpace(context.Request.Headers[ApiKeyAuthenticationHandler.HeaderName])
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : JwtBearerDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddJwtBearer();
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, ConfigureJwtBearer>();

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(EarshotClaims.AdminPolicy, p => p.RequireRole(EarshotClaims.AdminRole));
        return builder;
    }

    private sealed class ConfigureJwtBearer(TokenService tokens) : IConfigureNamedOptions<JwtBearerOptions>
    {
        public void Configure(string? name, JwtBearerOptions options) => Configure(options);

        public void Configure(JwtBearerOptions options)
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = tokens.ValidationParameters();
            options.Events = new JwtBearerEvents
            {
                // Browsers cannot set headers on WebSocket upgrades; they pass the token in the query. Nowhere else: a token in
                // a URL ends up in logs and browser history.
                OnMessageReceived = context =>
                {
                    if (string.IsNullOrEmpty(context.Token) && context.HttpContext.WebSockets.IsWebSocketRequest
                        && context.Request.Query["access_token"] is { Count: > 0 } token)
                        context.Token = token;
                    return Task.CompletedTask;
                },
                OnTokenValidated = async context =>
                {
                    var db = context.HttpContext.RequestServices.GetRequiredService<EarshotDb>();
                    var id = context.Principal!.GetUserId();
                    var user = await db.Users.AsNoTracking().Where(u => u.Id == id)
                        .Select(u => new { u.Disabled, u.IsAdmin }).FirstOrDefaultAsync(context.HttpContext.RequestAborted);
                    if (user is null)
                        context.Fail("The user of this token no longer exists.");
                    else if (user.Disabled)
                        context.Fail("The user is disabled.");
                    else
                        EarshotClaims.SetAdminRole(context.Principal!, user.IsAdmin);
                },
                OnAuthenticationFailed = context =>
                {
                    AuthProblems.Remember(context.HttpContext, context.Exception);
                    return Task.CompletedTask;
                },
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    AuthProblems.Remember(context.HttpContext, context.AuthenticateFailure);
                    await AuthProblems.WriteChallengeAsync(context.HttpContext, AuthProblems.Describe(context.HttpContext));
                },
            };
        }
    }
}
