using System.Globalization;
using Earshot.Engines.Reading;

namespace Earshot.Lab;

/// <summary>Writes the GOP measurements of every reference word (true and altered references) for choosing thresholds offline.</summary>
internal static class GopFeatures
{
    public static async Task WriteAsync(GopReadingRecognizer gop, ReadingEvaluator evaluator, IReadOnlyList<ReadingSample> samples,
        IReadOnlyList<string> pool, string path)
    {
        var rows = new string[samples.Count][];
        using var gate = new SemaphoreSlim(2);
        await Task.WhenAll(samples.Select(async (sample, i) =>
        {
            await gate.WaitAsync();
            try
            {
                var references = new List<(string Kind, string Reference, int Index)> { ("Correct", sample.Transcript, -1) };
                references.AddRange(ReadingEvaluator.Alterations(sample.Transcript, evaluator.RandomFor(i), pool).Select(a => (a.Kind.ToString(), a.Reference, a.Index)));
                var lines = new List<string>();
                foreach (var (kind, reference, index) in references)
                {
                    var scoring = await gop.ScoreAsync(sample.Audio, reference, CancellationToken.None);
                    foreach (var w in scoring.PlainAssessment.Words)
                    {
                        var g = scoring.Words[w.Index];
                        var o = scoring.OptionalWords[w.Index];
                        var (gap, _) = scoring.Gap(w.Index);
                        // plain-decode words whose middle lies inside the word's strict alignment: something was said there
                        var speech = g is null ? (int?)null : scoring.Plain.Words.Count(p =>
                            (p.Start + p.End) / 2 * scoring.Alignment.FramesPerSecond is var mid && mid >= g.StartFrame && mid <= g.EndFrame + 1);
                        lines.Add(Row(i, sample.Name, kind, index, "word", w.Index, w.Text, w.Status.ToString(), w.Heard ?? "-",
                            g?.Score, g?.AcousticPerFrame, g?.LoopPerFrame, g?.Frames, g?.Phones, o?.Score, o?.Frames, gap, speech));
                    }
                    foreach (var ins in scoring.PlainAssessment.Insertions)
                    {
                        var (share, score) = scoring.Span(ins.Start, ins.End);
                        lines.Add(Row(i, sample.Name, kind, index, "ins", ins.BeforeIndex, ins.Word, ins.Status.ToString(), "-",
                            score, null, null, null, null, share, ins.End - ins.Start, null, null));
                    }
                }
                rows[i] = [.. lines];
                Console.Error.WriteLine($"features {i} {sample.Name}");
            }
            finally
            {
                gate.Release();
            }
        }));
        await File.WriteAllLinesAsync(path,
            new[] { "sample\tname\tkind\tplanted\trow\tindex\ttext\tplain\theard\tgop\tacoustic\tloop\tframes\tphones\tshare_or_optgop\tseconds_or_optframes\tgap\tplain_words_inside" }
                .Concat(rows.SelectMany(r => r)));
    }

    private static string Row(int sample, string name, string kind, int planted, string row, int index, string text, string plain, string heard,
        double? gop, double? acoustic, double? loop, int? frames, int? phones, double? share, double? seconds, int? gap, int? speech) =>
        string.Join('\t', sample.ToString(CultureInfo.InvariantCulture), name, kind, planted.ToString(CultureInfo.InvariantCulture), row,
            index.ToString(CultureInfo.InvariantCulture), text, plain, heard, F(gop), F(acoustic), F(loop), F(frames), F(phones), F(share), F(seconds), F(gap), F(speech));

    private static string F(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "";
}
