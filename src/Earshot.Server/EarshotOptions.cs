using System.ComponentModel.DataAnnotations;

namespace Earshot.Server;

/// <summary>The "Earshot" configuration section: where data lives and the limits users meet.</summary>
public sealed class EarshotOptions
{
    public const string Section = "Earshot";

    /// <summary>Holds the SQLite database, the file store and the signing key. Command line: --data.</summary>
    [Required]
    public string DataDirectory { get; set; } = ".data";

    /// <summary>Where scripts/install-models.sh put the npm models. Environment: EARSHOT_MODELS.</summary>
    [Required]
    public string ModelsDirectory { get; set; } = "models";

    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>Longest audio accepted, measured on the decoded audio (decoding stops there), not on what the header claims.</summary>
    [Range(1, double.MaxValue)]
    public double MaxAudioSeconds { get; set; } = 4 * 3600;

    /// <summary>Bytes one user may keep in the file store (originals, canonical copies, clips); an upload past it gets 413.
    /// A 4 h recording's canonical WAV alone is 460 MB.</summary>
    [Range(1, long.MaxValue)]
    public long MaxStorageBytesPerUser { get; set; } = 5L * 1024 * 1024 * 1024;

    /// <summary>Largest JSON request body (job requests and other JSON routes); more gets 413. Upload-stream chunks sent as
    /// JSON are bounded by MaxUploadBytes instead.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxJsonBodyBytes { get; set; } = 256 * 1024;

    [Range(1, long.MaxValue)]
    public long MaxImagePixels { get; set; } = 50_000_000;

    public string[] AudioExtensions { get; set; } =
        [".aac", ".mp3", ".m4a", ".oga", ".ogv", ".ogg", ".opus", ".wav", ".flac", ".webm", ".mp4", ".wma", ".amr"];

    public string[] ImageExtensions { get; set; } =
        [".avif", ".bmp", ".gif", ".ico", ".jpeg", ".jpg", ".png", ".svg", ".tif", ".tiff", ".webp"];

    public ToolPaths Tools { get; set; } = new();

    public string ResolveData(params string[] parts) => Path.GetFullPath(Path.Combine([DataDirectory, .. parts]));
}

/// <summary>External programs Earshot runs. Debian installs them under /usr/bin.</summary>
public sealed class ToolPaths
{
    public string Ffmpeg { get; set; } = "ffmpeg";
    public string Ffprobe { get; set; } = "ffprobe";

    /// <summary>ImageMagick 6 <c>convert</c>; an absolute path because some images ship a different "convert".</summary>
    public string Convert { get; set; } = "/usr/bin/convert";
    public string Identify { get; set; } = "/usr/bin/identify";
}
