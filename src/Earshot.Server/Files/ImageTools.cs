using System.Globalization;
using Earshot.Audio;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Files;

/// <summary>Validates and normalises images with ImageMagick: first frame, EXIF orientation applied, PNG out.</summary>
public sealed class ImageTools(IOptions<EarshotOptions> options)
{
    private readonly ToolPaths _tools = options.Value.Tools;

    public async Task<(int Width, int Height)> NormalizeToPngAsync(string inputPath, string outputPath, CancellationToken cancellationToken)
    {
        var probe = await ProcessRunner.RunAsync(_tools.Identify, ["-ping", "-format", "%w %h\n", inputPath + "[0]"], cancellationToken);
        var size = probe.StandardOutput.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        if (probe.ExitCode != 0 || size.Length < 2
            || !int.TryParse(size[0], CultureInfo.InvariantCulture, out var width) || !int.TryParse(size[1], CultureInfo.InvariantCulture, out var height)
            || width <= 0 || height <= 0)
            throw new MediaException("The file is not a decodable image.");
        if ((long)width * height > options.Value.MaxImagePixels)
            throw new MediaException($"The image has {width}x{height} pixels; the limit is {options.Value.MaxImagePixels}.");

        var convert = await ProcessRunner.RunAsync(_tools.Convert,
            ["-limit", "memory", "512MiB", "-limit", "disk", "2GiB", inputPath + "[0]", "-auto-orient", "-strip", "png:" + outputPath],
            cancellationToken);
        if (convert.ExitCode != 0 || !File.Exists(outputPath))
            throw new MediaException("The image could not be decoded.");

        var final = await ProcessRunner.RunAsync(_tools.Identify, ["-ping", "-format", "%w %h", outputPath], cancellationToken);
        var dims = final.StandardOutput.Split(' ');
        return (int.Parse(dims[0], CultureInfo.InvariantCulture), int.Parse(dims[1], CultureInfo.InvariantCulture));
    }
}
