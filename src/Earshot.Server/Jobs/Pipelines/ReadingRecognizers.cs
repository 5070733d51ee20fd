using System.Collections.Concurrent;
using Earshot.Engines.PocketSphinx;
using Earshot.Engines.Reading;
using Earshot.Sdk.Models;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Jobs.Pipelines;

/// <summary>
/// The reading recognisers comparisons use, by <see cref="ReadingOptions.Method"/>. The joint grammar method owns a
/// decoder pool with its phone-loop dictionary, so it is made once per speech model, on the first request that needs
/// it, and shared (never loaded per request); the others are light wrappers made per request.
/// </summary>
public sealed class ReadingRecognizers(IOptions<ReadingOptions> options) : IDisposable
{
    private readonly ConcurrentDictionary<PocketSphinxRecognizer, Lazy<JointReadingRecognizer>> _joint = new();

    public IReadingRecognizer For(ISpeechRecognizer model) => (model, options.Value.Method) switch
    {
        (PocketSphinxRecognizer sphinx, "classifier") => new ClassifiedReadingRecognizer(Joint(sphinx)),
        (PocketSphinxRecognizer sphinx, "joint+gop") => Joint(sphinx).With(JointReadingOptions.Default with { Gop = GopSecondOpinion.BothMustFlagGopTypes }),
        (PocketSphinxRecognizer sphinx, "gop") => new GopReadingRecognizer(sphinx),
        (PocketSphinxRecognizer sphinx, "grammar") => new GrammarReadingRecognizer(sphinx),
        (PocketSphinxRecognizer sphinx, "grammar+plain") => new GrammarReadingRecognizer(sphinx).WithPlainConfirmation(),
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
