using System.ComponentModel.DataAnnotations;

namespace Earshot.Server.Analytics;

/// <summary>The "Analytics" section: limits of the audio analytics jobs (the seed's defaults).</summary>
public sealed class AnalyticsOptions
{
    public const string Section = "Analytics";

    /// <summary>Largest audio body accepted by POST /file-processing/jobs (15 MB).</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 15 * 1000 * 1000;

    /// <summary>Audio fetched from a URL may last this long, all channels together (1 h: mono 60 min, stereo 30 min).</summary>
    [Range(1, double.MaxValue)]
    public double MaxUrlAudioSeconds { get; set; } = 3600;

    /// <summary>A result whose JSON is larger ends the job in state error (30 MB).</summary>
    [Range(1, long.MaxValue)]
    public long MaxResultBytes { get; set; } = 30 * 1000 * 1000;

    /// <summary>Analytics jobs one user may have queued or running at once; more are refused with 429.</summary>
    [Range(1, 1000)]
    public int MaxActiveJobsPerUser { get; set; } = 4;

    /// <summary>Models run when the request names none.</summary>
    public string[] DefaultModels { get; set; } = ["speech", "gender", "arousal", "emotions"];
}

/// <summary>The "Downloads" section: what the server may fetch on a user's behalf (audio URLs, callbacks).</summary>
public sealed class DownloadOptions
{
    public const string Section = "Downloads";

    /// <summary>Host names, addresses or CIDR ranges that may be reached even though they are loopback, private or link-local.</summary>
    public string[] AllowedHosts { get; set; } = [];

    /// <summary>A download stops and the job fails once it passes this many bytes.</summary>
    [Range(1, long.MaxValue)]
    public long MaxDownloadBytes { get; set; } = 1024L * 1024 * 1024;

    [Range(0, 20)]
    public int MaxRedirects { get; set; } = 5;

    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Each callback attempt must answer within this (the seed's 10 s).</summary>
    public TimeSpan CallbackTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First retry delay of a callback; later retries back off exponentially.</summary>
    public TimeSpan CallbackRetryDelay { get; set; } = TimeSpan.FromSeconds(2);
}
