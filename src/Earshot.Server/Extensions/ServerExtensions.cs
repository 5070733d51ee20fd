using Earshot.Audio;
using Earshot.Server.Activity;
using Earshot.Server.Analytics;
using Earshot.Server.Apis;
using Earshot.Server.Auth;
using Earshot.Server.Files;
using Earshot.Server.Health;
using Earshot.Server.Infrastructure;
using Earshot.Server.Jobs;
using Earshot.Server.Jobs.Pipelines;
using Earshot.Server.Models;
using Earshot.Server.Recordings;
using Earshot.Server.Streaming;
using Earshot.Server.Voices;
using Hangfire;
using Hangfire.Common;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpLogging;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace Earshot.Server.Extensions;

public static class ServerExtensions
{
    public static IHostApplicationBuilder AddEarshotServer(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<EarshotOptions>().BindConfiguration(EarshotOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.AddRetryAfterHeader);
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddValidation();
        services.ConfigureHttpJsonOptions(o => JobJson.Configure(o.SerializerOptions));
        services.AddHttpLogging(o =>
        {
            o.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
            o.CombineLogs = true;
        });
        services.AddOpenApi(o => o.AddDocumentTransformer<BearerSecurityTransformer>());

        builder.AddEarshotDatabase();
        builder.AddEarshotAuth();
        builder.AddEarshotFiles();
        builder.AddEarshotJobs();
        builder.AddEarshotModels();
        builder.AddEarshotStreaming();
        builder.AddEarshotVoices();
        builder.AddEarshotAnalytics();

        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<FileStoreHealthCheck>("file_store")
            .AddCheck<JobEngineHealthCheck>("job_engine")
            .AddCheck<ModelsHealthCheck>("models");
        return builder;
    }

    private static void AddEarshotFiles(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IFileStore, LocalFileStore>();
        builder.Services.AddSingleton<StorageQuota>();
        builder.Services.AddSingleton(sp =>
        {
            var tools = sp.GetRequiredService<IOptions<EarshotOptions>>().Value.Tools;
            return new Ffmpeg(tools.Ffmpeg, tools.Ffprobe);
        });
        builder.Services.AddSingleton<ImageTools>();
        builder.Services.AddScoped<FileService>();
        builder.Services.AddScoped<ActivityLog>();
    }

    private static void AddEarshotModels(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ModelOptions>().BindConfiguration(ModelOptions.Section);
        builder.Services.AddSingleton<BuiltinPlugins>();
        builder.Services.AddSingleton<ModelRegistry>();
        builder.Services.AddHostedService<ModelPreloader>();
    }

    private static void AddEarshotStreaming(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StreamingOptions>().BindConfiguration(StreamingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<StreamAdmission>();
        builder.Services.AddSingleton<StreamRecognizers>();
        builder.Services.AddHostedService<StreamDecoderWarmer>();
        builder.Services.AddScoped<StreamRecordings>();
        builder.Services.AddSingleton<UploadStreams>();
        builder.Services.AddHostedService<UploadStreamSweeper>();
    }

    private static void AddEarshotVoices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<VoiceOptions>().BindConfiguration(VoiceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<SpeakerModels>();
        builder.Services.AddSingleton<VoiceLimiter>();
        builder.Services.AddScoped<VoiceService>();
    }

    private static void AddEarshotJobs(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var jobs = builder.Configuration.GetSection(JobOptions.Section).Get<JobOptions>() ?? new JobOptions();
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (string.IsNullOrEmpty(jobs.Storage))
            jobs.Storage = database.IsPostgreSql ? JobOptions.PostgreSqlStorage : JobOptions.InMemoryStorage;
        services.AddOptions<JobOptions>().BindConfiguration(JobOptions.Section)
            .PostConfigure(o => o.Storage = jobs.Storage)
            .ValidateDataAnnotations()
            .Validate(o => !o.IsShared || database.IsPostgreSql, "Jobs:Storage=PostgreSQL needs Database:Provider=PostgreSQL.")
            .Validate(o => o.RunWorkers || o.IsShared,
                "Jobs:RunWorkers=false (serve --workers 0) needs queues other processes serve: Database:Provider=PostgreSQL with `earshot worker` nodes. On SQLite no other process would run the jobs.")
            .ValidateOnStart();

        // Each app owns its storage instead of Hangfire's static JobStorage.Current, so several hosts in one
        // process (tests, benchmarks) never share or dispose each other's queues.
        services.AddSingleton<JobStorage>(provider =>
        {
            // Hangfire logs through a static provider that its configuration points at this host's logger factory.
            // Resolve the configuration first: otherwise a storage built before it (an API-only node has no Hangfire
            // server to resolve it) logs through the factory of an earlier host in this process, perhaps disposed.
            provider.GetRequiredService<IGlobalConfiguration>();
            return jobs.IsShared
                ? SharedJobStorage.Create(provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString!, jobs)
                : new InMemoryStorage(new InMemoryStorageOptions { MaxExpirationTime = TimeSpan.FromMinutes(30) });
        });
        // Hangfire's global filters also capture the culture (always invariant here: InvariantGlobalization), count daily
        // and hourly statistics for a dashboard this server does not serve, and look up continuations it never creates: on
        // PostgreSQL six of a no-op job's statements. Only automatic retry is kept, registered before AddHangfire so that
        // its client, state changer and performer all use this provider. Built once the configuration has pointed Hangfire's
        // static log provider at this host: the retry filter takes its logger when it is constructed.
        services.AddSingleton<IJobFilterProvider>(provider =>
        {
            provider.GetRequiredService<IGlobalConfiguration>();
            return new JobFilterProviderCollection(new JobFilterCollection { new AutomaticRetryAttribute() }, new JobFilterAttributeFilterProvider());
        });
        HangfireStatistics.StopCounting();
        services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        if (jobs.RunWorkers)
        {
            // One server per queue, each with its own workers: a worker busy with long batch work is never the one short work waits for.
            foreach (var (queue, workers) in new[] { (JobQueues.Interactive, jobs.InteractiveWorkerCount), (JobQueues.Batch, jobs.WorkerCount) })
            {
                services.AddHangfireServer((provider, o) =>
                {
                    o.WorkerCount = workers;
                    o.Queues = [queue];
                    o.ServerName = $"{JobExecutor.WorkerName}:{queue}";
                    o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
                    if (jobs.IsShared)
                    {
                        // Other nodes read this heartbeat to tell whether this process still holds the jobs it parked.
                        o.HeartbeatInterval = jobs.HeartbeatInterval;
                        o.ServerTimeout = jobs.LeaseTimeout;
                        o.ServerCheckInterval = jobs.LeaseTimeout / 2;
                    }
                    // Hangfire keeps a process-wide default activator; pin this app's own container.
                    o.Activator = new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>());
                });
            }
        }

        services.AddSingleton<JobCancellations>();
        services.AddSingleton<JobCompletions>();
        services.AddSingleton<JobSlots>();
        services.AddSingleton<JobExecutor>();
        services.AddSingleton<JobKinds>();
        services.AddSingleton<JobLeases>();
        services.AddHostedService(provider => provider.GetRequiredService<JobLeases>());
        services.AddScoped<JobEngine>();
        services.AddHostedService<JobRecoveryService>();
        // A job that only waits holds a worker for nothing: tests and benchmarks turn it on, a server never offers it.
        if (builder.Configuration.GetValue<bool>(EchoPipeline.EnableSetting))
            services.AddScoped<IJobPipeline, EchoPipeline>();
        services.AddScoped<IJobPipeline, AudioProbePipeline>();
        services.AddScoped<IJobPipeline, ImageProcessPipeline>();
        services.AddScoped<IJobPipeline, AudioProcessPipeline>();
        services.AddScoped<IJobPipeline, AudioExtractPipeline>();
        services.AddScoped<AudioClips>();
        services.AddOptions<ReadingOptions>().BindConfiguration(ReadingOptions.Section).ValidateDataAnnotations()
            .Validate(o => ReadingOptions.Methods.Contains(o.Method), $"Reading:Method must be one of {string.Join(", ", ReadingOptions.Methods)}.")
            .Validate(o => o.Page.IsValid, "Reading:Page needs 0 < MinStretchSeconds, 2 × MinStretchSeconds ≤ MaxStretchSeconds ≤ WholeSeconds, SharedWords ≥ 0 and Parallelism ≥ 1.")
            .ValidateOnStart();
        services.AddScoped<ReadingComparison>();
        services.AddSingleton<ReadingRecognizers>();
        services.AddScoped<IJobPipeline, ComparisonAudioTextPipeline>();
        services.AddScoped<IJobPipeline, ComparisonAudioImagePipeline>();
        services.AddOptions<RecordingOptions>().BindConfiguration(RecordingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<IJobPipeline, RecordingAnalyzePipeline>();
        services.AddScoped<RecordingService>();
    }

    public static WebApplication MapEarshot(this WebApplication app)
    {
        app.UseHttpLogging();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseWebUi();
        // before authentication, which accepts ?access_token= only on WebSocket upgrades
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20) });
        app.UseLoginRateLimits();
        app.UseJsonBodyLimits();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/docs", o => o.WithTitle("Earshot API").WithOpenApiRoutePattern("/openapi/{documentName}.json")).AllowAnonymous();
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync }).AllowAnonymous();

        app.MapAuthApi();
        app.MapApiKeysApi();
        app.MapAdminApi();
        app.MapFilesApi();
        app.MapJobsApi();
        app.MapAudioApi();
        app.MapImageApi();
        app.MapModelsApi();
        app.MapTranscriptionsApi();
        app.MapRecordingsApi();
        app.MapComparisonApi();
        app.MapStreamApi();
        app.MapUploadStreamsApi();
        app.MapVoicesApi();
        app.MapVoiceCompatApi();
        app.MapFileProcessingApi();
        return app;
    }
}
