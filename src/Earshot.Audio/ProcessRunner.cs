using System.Diagnostics;
using System.Text;

namespace Earshot.Audio;

/// <summary>Result of a finished external process.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>Runs a command-line tool (ffmpeg, ImageMagick …) without a shell, capturing its output.</summary>
public static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        using var process = StartRedirected(fileName, arguments);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new ProcessResult(process.ExitCode, await stdout, Truncate(await stderr));
    }

    /// <summary>Starts a program with all three standard streams redirected to the caller.</summary>
    internal static Process StartRedirected(string fileName, IEnumerable<string> arguments)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);
        return Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}");
    }

    private static string Truncate(string text) => text.Length <= 4000 ? text : text[^4000..];

    internal static string Quote(IEnumerable<string> args) =>
        new StringBuilder().AppendJoin(' ', args.Select(a => a.Contains(' ') ? $"\"{a}\"" : a)).ToString();
}
