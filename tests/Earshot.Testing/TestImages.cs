using System.Diagnostics;

namespace Earshot.Testing;

/// <summary>What <see cref="TestImages.RenderText"/> does to a clean page to make it look like a phone photo of it.</summary>
[Flags]
public enum PhotoDistortion
{
    None = 0,
    /// <summary>Turned by 0.8 to 3 degrees either way.</summary>
    Rotate = 1,
    /// <summary>Camera tilted: the top edge 2 to 5.5 % shorter, corners jittered.</summary>
    Perspective = 2,
    /// <summary>Gaussian blur, sigma 0.8 to 1.4 px.</summary>
    Blur = 4,
    /// <summary>Gaussian sensor noise.</summary>
    Noise = 8,
    /// <summary>Light falling off from one side plus a vignette.</summary>
    UnevenLighting = 16,
    /// <summary>All of the above; the page also lies on a dark desk.</summary>
    Photo = Rotate | Perspective | Blur | Noise | UnevenLighting,
}

/// <summary>
/// Renders text to PNG pages with ImageMagick through scripts/render-test-page.sh, deterministically for a given seed,
/// so recognisers can be tested on known text, clean or photographed-looking.
/// </summary>
public static class TestImages
{
    public static string Script => Path.Combine(RepositoryPaths.Root, "scripts", "render-test-page.sh");

    /// <summary>Renders <paramref name="text"/> (wrapped to <paramref name="width"/> pixels) to <paramref name="outputPng"/>; returns that path.</summary>
    /// <param name="seed">Picks the distortion amounts and noise; the same seed gives the same pixels.</param>
    /// <param name="font">An ImageMagick font name, e.g. DejaVu-Serif or DejaVu-Sans.</param>
    public static string RenderText(
        string text,
        string outputPng,
        PhotoDistortion distortion = PhotoDistortion.None,
        int seed = 1,
        int width = 1000,
        int pointSize = 30,
        string font = "DejaVu-Serif")
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(outputPng));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        Run("/bin/bash", Script,
            "--distort", DistortionList(distortion),
            "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--width", width.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--pointsize", pointSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--font", font,
            text, outputPng);
        return outputPng;
    }

    /// <summary>Like <see cref="RenderText"/> into a fresh file under the system temp folder (the caller deletes it).</summary>
    public static string RenderTextToTemp(string text, PhotoDistortion distortion = PhotoDistortion.None, int seed = 1) =>
        RenderText(text, Path.Combine(Path.GetTempPath(), $"earshot-page-{Guid.NewGuid():N}.png"), distortion, seed);

    /// <summary>A plain white image of the given size, e.g. for "no text" cases.</summary>
    public static string RenderBlank(string outputPng, int width = 800, int height = 600)
    {
        Run("/usr/bin/convert", "-size", $"{width}x{height}", "xc:white", "-type", "Grayscale",
            "-define", "png:exclude-chunks=date,time", outputPng);
        return outputPng;
    }

    /// <summary>Turns an image <paramref name="degrees"/> clockwise about its centre, keeping its size and filling with white.</summary>
    public static string Rotate(string inputImage, string outputPng, double degrees)
    {
        Run("/usr/bin/convert", inputImage, "-background", "white", "-virtual-pixel", "background",
            "-distort", "SRT", degrees.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            "-define", "png:exclude-chunks=date,time", outputPng);
        return outputPng;
    }

    /// <summary>Width and height of a PNG, from its header.</summary>
    public static (int Width, int Height) PngSize(string png)
    {
        Span<byte> header = stackalloc byte[24];
        using (var file = File.OpenRead(png))
            file.ReadExactly(header);
        return (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header[16..]),
            System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header[20..]));
    }

    internal static string DistortionList(PhotoDistortion distortion)
    {
        if (distortion == PhotoDistortion.None)
            return "none";
        var names = new List<string>();
        if (distortion.HasFlag(PhotoDistortion.Rotate)) names.Add("rotate");
        if (distortion.HasFlag(PhotoDistortion.Perspective)) names.Add("perspective");
        if (distortion.HasFlag(PhotoDistortion.Blur)) names.Add("blur");
        if (distortion.HasFlag(PhotoDistortion.Noise)) names.Add("noise");
        if (distortion.HasFlag(PhotoDistortion.UnevenLighting)) names.Add("lighting");
        return string.Join(',', names);
    }

    private static void Run(string fileName, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(fileName)} exited with {process.ExitCode}: {stderr.Result}{stdout.Result}");
    }
}
