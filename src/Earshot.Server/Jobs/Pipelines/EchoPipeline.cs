namespace Earshot.Server.Jobs.Pipelines;

public sealed record EchoRequest(string? Message, double DelaySeconds = 0);
public sealed record EchoResult(string? Message);

/// <summary>Returns its input: a round trip through the job engine for tests and the engine benchmark. Registered only
/// when the setting <see cref="EnableSetting"/> is true.</summary>
public sealed class EchoPipeline : JobPipeline<EchoRequest, EchoResult>
{
    public const string KindName = "system.echo";
    public const string EnableSetting = "Testing:EchoPipeline";
    public override string Kind => KindName;

    public override Task<JobRequestError?> ValidateAsync(EchoRequest request, Guid ownerId, CancellationToken cancellationToken) =>
        Task.FromResult(request.DelaySeconds is < 0 or > 600 ? JobRequestError.Invalid("delay_seconds must be between 0 and 600.") : null);

    public override double? WorkSeconds(EchoRequest request) => request.DelaySeconds;

    public override async Task<EchoResult> RunAsync(EchoRequest request, JobContext context, CancellationToken cancellationToken)
    {
        if (request.DelaySeconds > 0)
            await Task.Delay(TimeSpan.FromSeconds(request.DelaySeconds), cancellationToken);
        return new EchoResult(request.Message);
    }
}
