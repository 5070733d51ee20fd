using Earshot.Engines.Analytics;
using Earshot.Server.Jobs;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace Earshot.Server.Analytics;

public static class AnalyticsExtensions
{
    /// <summary>The audio.analytics job kind, its classifiers, the guarded download and callback clients and the request-signing key.</summary>
    public static IHostApplicationBuilder AddEarshotAnalytics(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AnalyticsOptions>().BindConfiguration(AnalyticsOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.DefaultModels.Length > 0 && o.DefaultModels.All(AnalyticsModelSet.Names.Contains),
                $"Analytics:DefaultModels must name some of {string.Join(", ", AnalyticsModelSet.Names)}.")
            .ValidateOnStart();
        services.AddOptions<DownloadOptions>().BindConfiguration(DownloadOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingletonTimeProvider();
        services.AddSingleton(_ => AnalyticsModelSet.LoadBuiltin());
        services.AddSingleton<AddressGuard>();
        services.AddSingleton<RequestSigner>();
        services.AddScoped<AudioDownloader>();
        services.AddScoped<CallbackDeliveries>();
        services.AddScoped<CallbackSender>();
        services.AddScoped<IJobPipeline, AudioAnalyticsPipeline>();
        services.AddScoped<IJobFinishedListener, AnalyticsCallbackListener>();

        services.AddHttpClient(GuardedHttp.DownloadClient, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => GuardedHttp.CreateHandler(sp.GetRequiredService<AddressGuard>()));
        services.AddHttpClient(GuardedHttp.CallbackClient, c => c.Timeout = TimeSpan.FromMinutes(5))
            .ConfigurePrimaryHttpMessageHandler(sp => GuardedHttp.CreateHandler(sp.GetRequiredService<AddressGuard>()))
            .AddResilienceHandler("callbacks", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<DownloadOptions>>().Value;
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    // The seed: retry 5xx and timeouts, up to 3 times; any other answer is final.
                    MaxRetryAttempts = 3,
                    BackoffType = DelayBackoffType.Exponential,
                    Delay = options.CallbackRetryDelay,
                    UseJitter = true,
                    ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                    {
                        { Result: { } response } => (int)response.StatusCode >= 500,
                        { Exception: TimeoutRejectedException } => true,
                        { Exception: HttpRequestException ex } => !GuardedHttp.IsRefused(ex),
                        _ => false,
                    }),
                });
                pipeline.AddTimeout(options.CallbackTimeout);
            });
        services.AddTransient<CallbackAttemptRecorder>();
        services.AddHttpClient(GuardedHttp.CallbackClient).AddHttpMessageHandler<CallbackAttemptRecorder>();
        return builder;
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
            services.AddSingleton(TimeProvider.System);
    }
}
