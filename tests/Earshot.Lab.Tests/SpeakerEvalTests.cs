using Earshot.Testing;

namespace Earshot.Lab.Tests;

public sealed class SpeakerEvalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // two clips of one LibriSpeech speaker and one of another (the server tests' voice clips)
    private const string SpeakerA1 = "librispeech/3752-4944-0000.flac";
    private const string SpeakerA2 = "librispeech/3752-4944-0001.flac";
    private const string SpeakerB = "librispeech/1988-24833-0000.flac";

    [Fact]
    public async Task EvalSpeakersPrintsEerMinDcfAndThresholdPerCondition()
    {
        var folder = Directory.CreateTempSubdirectory("earshot-speaker-eval-").FullName;
        try
        {
            string Clip(string name)
            {
                File.Copy(RepositoryPaths.Speech(name), Path.Combine(folder, Path.GetFileName(name)));
                return Path.GetFileName(name);
            }
            var (a1, a2, b) = (Clip(SpeakerA1), Clip(SpeakerA2), Clip(SpeakerB));
            var trials = Path.Combine(folder, "trials.tsv");
            await File.WriteAllLinesAsync(trials,
            [
                "enroll_files\ttest_file\tlabel\tspeaker_enroll\tspeaker_test\tcondition",
                $"{a1}\t{a2}\ttarget\tA\tA\ttarget",
                $"{b}\t{a2}\tnontarget\tB\tA\tnontarget_other",
                $"{a1}\t{b}\tnontarget\tA\tB\tnontarget_other",
            ], Ct);

            var output = new StringWriter();
            var previous = Console.Out;
            Console.SetOut(output);
            int exit;
            try
            {
                exit = await LabCommandLine.RunAsync(["eval", "speakers", "--trials", trials, "--models", RepositoryPaths.Models], Ct).WaitAsync(TimeSpan.FromMinutes(2), Ct);
            }
            finally
            {
                Console.SetOut(previous);
            }

            Assert.Equal(0, exit);
            var text = output.ToString();
            Assert.Contains("trials 3 (1 target)", text);
            var all = text.Split('\n').Single(l => l.StartsWith("all ", StringComparison.Ordinal));
            Assert.Contains("0.00 %", all); // the one target outscores both non-targets
            Assert.Contains(text.Split('\n'), l => l.StartsWith("nontarget_other ", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task EvalSpeakersWithoutTrialsIsAUsageError() =>
        Assert.Equal(2, await LabCommandLine.RunAsync(["eval", "speakers"], Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct));
}
