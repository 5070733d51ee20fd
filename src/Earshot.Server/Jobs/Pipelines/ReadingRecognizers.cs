using System.Collections.Concurrent;
using Earshot.Engines.PocketSphinx;
using Earshot.Engines.Reading;
using Earshot.Sdk.Models;
using Earshot.Server.Models;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Jobs.Pipelines;

/// <summary>
/// The reading recognisers comparisons use, by <see cref="ReadingOptions.Method"/>. The joint grammar method owns a
/// decoder pool with its phone-loop dictionary, so it is made once per speech model, on the first request that needs
/// it, and shared (never loaded per request). A model other than PocketSphinx (Whisper, a plugin) has no forced alignment
/// or phone scores, so its readings are judged by its plain transcript. Every method but "plain" follows the reader through long recordings (<see cref="PagedReadingRecognizer"/>), cutting at the pauses
/// the loaded voice activity detector finds.
/// </summary>
public sealed class ReadingRecognizers(IOptions<ReadingOptions> options, ModelRegistry models) : IDisposable
{
    private readonly ConcurrentDictionary<PocketSphinxRecognizer, Lazy<JointReadingRecognizer>> _joint = new();

    /// <param name="progress">Share of a long reading assessed so far, in [0, 1].</param>
    public IReadingRecognizer For(ISpeechRecognizer model, Func<double, CancellationToken, Task>? progress = null) => Method(model) switch
    {
        PlainReadingRecognizer plain => plain,
        var method => new PagedReadingRecognizer(method, models.OfType<IVoiceActivityDetector>().FirstOrDefault(), options.Value.Page)
        {
            Progress = progress,
        },
    };

    private IReadingRecognizer Method(ISpeechRecognizer model) => (model, options.Value.Method) switch
    {
        (PocketSphinxRecognizer sphinx, "classifier") => new ClassifiedReadingRecognizer(Joint(sphinx)),
        (PocketSphinxRecognizer sphinx, "joint+gop") => Joint(sphinx).With(JointReadingOptions.Default with { Gop = GopSecondOpinion.BothMustFlagGopTypes }),
        _ => new PlainReadingRecognizer(model),
    };

    /// <summary>The model's joint reading recogniser (and its decoder pool), made on first use.</summary>
    private JointReadingRecognizer Joint(PocketSphinxRecognizer sphinx) =>
        _joint.GetOrAdd(sphinx, s => new Lazy<JointReadingRecognizer>(() => new JointReadingRecognizer(s))).Value;

    public void Dispose()
    {
        foreach (var joint in _joint.Values.Where(j => j.IsValueCreated))
            joint.Value.Dispose();
    }
}
