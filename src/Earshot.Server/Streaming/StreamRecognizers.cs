using System.Collections.Concurrent;
using Earshot.Engines.PocketSphinx;
using Earshot.Sdk.Models;
using Earshot.Server.Models;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Streaming;

/// <summary>
/// Opens speech streams without starving batch jobs: a PocketSphinx model gets a second recogniser with the same
/// files, <see cref="StreamingOptions.DecoderArguments"/> added to its decoder arguments, and a decoder pool of
/// <see cref="StreamingOptions.EffectiveDecoderPoolSize"/>, used by streams only (the batch pool stays as configured); a
/// stream borrows one of its decoders per utterance. Other recognisers are used as loaded. Opening, and for PocketSphinx
/// the start of each utterance, never waits longer than <see cref="StreamingOptions.OpenTimeout"/> for a decoder.
/// </summary>
public sealed class StreamRecognizers(ModelRegistry registry, IOptions<StreamingOptions> options) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<ISpeechRecognizer>> _forStreams = new(StringComparer.OrdinalIgnoreCase);
    private readonly TaskCompletionSource<int> _warm = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the number of decoders ready in the default model's pool once <see cref="WarmUp"/> is done
    /// (0 when there was nothing to warm).</summary>
    public Task<int> Warm => _warm.Task;

    /// <summary>Models are not preloaded (one-off commands): decoders are created on demand only.</summary>
    public void SkipWarmUp() => _warm.TrySetResult(0);

    /// <summary>Creates <see cref="StreamingOptions.WarmDecoders"/> decoders for streams of the default model ahead of demand.</summary>
    public void WarmUp(CancellationToken cancellationToken)
    {
        try
        {
            var count = options.Value.EffectiveWarmDecoders;
            _warm.TrySetResult(count > 0 && Find(options.Value.Model) is PocketSphinxRecognizer sphinx ? sphinx.WarmUp(count, cancellationToken) : 0);
        }
        catch (Exception ex)
        {
            _warm.TrySetException(ex);
            throw;
        }
    }

    /// <summary>The recogniser streams of <paramref name="modelName"/> use, or null when no such speech model is loaded.</summary>
    public ISpeechRecognizer? Find(string modelName)
    {
        var loaded = registry.Find<ISpeechRecognizer>(modelName);
        if (loaded is null)
            return null;
        return _forStreams.GetOrAdd(loaded.Info.Name, _ => new Lazy<ISpeechRecognizer>(() => loaded is PocketSphinxRecognizer sphinx
            ? new PocketSphinxRecognizer(ForStreams(sphinx.Options))
            : loaded)).Value;
    }

    private PocketSphinxOptions ForStreams(PocketSphinxOptions model)
    {
        var arguments = new Dictionary<string, string>(model.DecoderArguments, StringComparer.Ordinal);
        foreach (var (name, value) in options.Value.DecoderArguments)
            arguments[name] = value;
        return model with
        {
            PoolSize = options.Value.EffectiveDecoderPoolSize,
            DecoderArguments = arguments,
            StreamDecoderWait = options.Value.OpenTimeout,
        };
    }

    /// <summary>Opens a stream, or returns null when no decoder came free within the open timeout.</summary>
    public async Task<ISpeechStream?> OpenAsync(ISpeechRecognizer recognizer, TranscribeOptions transcribe, CancellationToken cancellationToken)
    {
        var opening = Task.Run(() => recognizer.OpenStream(transcribe), CancellationToken.None);
        try
        {
            return await opening.WaitAsync(options.Value.OpenTimeout, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // The open goes on in the background; give its decoder straight back when it completes.
            _ = opening.ContinueWith(t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            if (ex is OperationCanceledException)
                throw;
            return null;
        }
    }

    public void Dispose()
    {
        foreach (var lazy in _forStreams.Values)
        {
            if (lazy.IsValueCreated && lazy.Value is PocketSphinxRecognizer own && !registry.Models.Contains(own))
                own.Dispose();
        }
    }
}
