using Earshot.Sdk;
using Earshot.Sdk.Models;
using Earshot.Server.Files;
using Earshot.Server.Models;
using Earshot.Text;

namespace Earshot.Server.Jobs.Pipelines;

public sealed record AudioExtractPhrasesRequest(Guid AudioFile, string AudioModel, IReadOnlyList<string> Phrases);
public sealed record ExtractedPhrase(string Phrase, bool Found, AudioSegment? AudioSegment, double Similarity);
public sealed record AudioExtractPhrasesResult(IReadOnlyList<ExtractedPhrase> Data, string Model, string ModelVersion);

/// <summary>
/// Finds where each requested phrase was said: the recording is transcribed with the phrases as hints, each phrase is
/// located among the recognised words (the seed's window rule), and the matching stretch is cut into its own file.
/// </summary>
public sealed class AudioExtractPipeline(FileService files, ModelRegistry models, AudioClips clips) : JobPipeline<AudioExtractPhrasesRequest, AudioExtractPhrasesResult>
{
    public const string KindName = "audio.extract";
    public const int MaxPhrases = 100;

    /// <summary>Character similarity a recognised stretch needs to count as the phrase (1 = exact).</summary>
    public const double MinSimilarity = 0.6;
    public override string Kind => KindName;

    public override Task<JobRequestError?> ValidateAsync(AudioExtractPhrasesRequest request, Guid ownerId, CancellationToken cancellationToken)
    {
        if (request.Phrases is null || request.Phrases.Count == 0 || request.Phrases.Count > MaxPhrases)
            return Task.FromResult<JobRequestError?>(JobRequestError.Invalid($"phrases must hold 1 to {MaxPhrases} phrases."));
        if (request.Phrases.Any(p => string.IsNullOrWhiteSpace(p) || p.Length > 500))
            return Task.FromResult<JobRequestError?>(JobRequestError.Invalid("Each phrase must be non-empty text of at most 500 characters."));
        return AudioProcessPipeline.ValidateAudioAndModelAsync(files, models, ownerId, request.AudioFile, request.AudioModel, cancellationToken);
    }

    public override async Task<AudioExtractPhrasesResult> RunAsync(AudioExtractPhrasesRequest request, JobContext context, CancellationToken cancellationToken)
    {
        var model = AudioProcessPipeline.RequireModel(models, request.AudioModel);
        var wav = await clips.OpenAsync(context.OwnerId, request.AudioFile, cancellationToken);
        var transcript = await clips.TranscribeAsync(model, wav, new TranscribeOptions { Hints = request.Phrases }, cancellationToken);
        await context.ReportProgressAsync(80, cancellationToken);

        var words = transcript.Words;
        var spoken = words.Select(w => w.Word).ToList();
        var found = request.Phrases
            .Select(phrase => CompatTextAlgorithms.FindPhraseMatch(spoken, phrase) is { Similarity: >= MinSimilarity } match ? match : null)
            .ToList();
        var spans = found.Where(m => m is not null)
            .Select(m => new TimeSpan2(words[m!.PhraseIndices[0]].Start, words[m.PhraseIndices[^1]].End)).ToList();
        var clipIds = await clips.StoreAsync(context.OwnerId, wav, spans, cancellationToken);

        var next = 0;
        var data = request.Phrases.Select((phrase, i) =>
        {
            if (found[i] is not { } match)
                return new ExtractedPhrase(phrase, false, null, 0);
            var first = words[match.PhraseIndices[0]];
            var last = words[match.PhraseIndices[^1]];
            var text = string.Join(' ', match.PhraseIndices.Select(k => words[k].Word));
            return new ExtractedPhrase(phrase, true,
                new AudioSegment(AudioProcessPipeline.Round(first.Start), AudioProcessPipeline.Round(last.End), text, clipIds[next++]),
                Math.Round(match.Similarity, 3));
        }).ToList();
        return new AudioExtractPhrasesResult(data, model.Info.Name, model.Info.Version);
    }
}
