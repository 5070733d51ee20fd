namespace Earshot.Server.Jobs;

/// <summary>Told when a job has ended (succeeded, failed or cancelled while running) and its row says so.</summary>
public interface IJobFinishedListener
{
    Task OnFinishedAsync(Guid jobId, string kind, string requestJson, CancellationToken cancellationToken);
}
