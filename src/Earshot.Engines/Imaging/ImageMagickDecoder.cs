using System.Diagnostics;
using System.Text;

namespace Earshot.Engines.Imaging;

/// <summary>Decodes any image ImageMagick reads (first frame, EXIF orientation applied, alpha flattened on white) into RGB.</summary>
public sealed class ImageMagickDecoder(string convertPath = ImageMagickDecoder.DefaultConvertPath)
{
    /// <summary>The Debian binary; /usr/local/bin/convert may be something else on this machine.</summary>
    public const string DefaultConvertPath = "/usr/bin/convert";

    public async Task<RgbImage> DecodeAsync(string imagePath, CancellationToken cancellationToken)
    {
        if (!File.Exists(imagePath))
            throw new FileNotFoundException("Image not found.", imagePath);

        var startInfo = new ProcessStartInfo(convertPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[imagePath + "[0]", "-auto-orient", "-colorspace", "sRGB", "-background", "white",
                     "-alpha", "remove", "-alpha", "off", "-depth", "8", "ppm:-"])
            startInfo.ArgumentList.Add(argument);

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {convertPath}");
        process.StandardInput.Close();
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output, cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await Task.WhenAll(copy, errors, process.WaitForExitAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        if (process.ExitCode != 0 || output.Length == 0)
            throw new InvalidDataException($"ImageMagick could not decode the image: {(await errors).Trim()}");
        return ParsePpm(output.GetBuffer().AsSpan(0, (int)output.Length));
    }

    /// <summary>Parses binary PPM (P6) with 8-bit samples.</summary>
    public static RgbImage ParsePpm(ReadOnlySpan<byte> data)
    {
        var position = 0;
        if (ReadToken(data, ref position) != "P6")
            throw new InvalidDataException("Not a binary PPM (P6).");
        var width = int.Parse(ReadToken(data, ref position));
        var height = int.Parse(ReadToken(data, ref position));
        var maxValue = int.Parse(ReadToken(data, ref position));
        if (maxValue != 255)
            throw new InvalidDataException($"Only 8-bit PPM is supported, got maximum value {maxValue}.");
        position++; // the single whitespace byte after the header
        var length = width * height * 3;
        if (data.Length - position < length)
            throw new InvalidDataException("PPM pixel data is truncated.");
        return new RgbImage(width, height, data.Slice(position, length).ToArray());
    }

    private static string ReadToken(ReadOnlySpan<byte> data, ref int position)
    {
        while (position < data.Length)
        {
            if (data[position] == (byte)'#')
                while (position < data.Length && data[position] != (byte)'\n')
                    position++;
            else if (char.IsWhiteSpace((char)data[position]))
                position++;
            else
                break;
        }
        var start = position;
        while (position < data.Length && !char.IsWhiteSpace((char)data[position]))
            position++;
        return Encoding.ASCII.GetString(data[start..position]);
    }
}
