using System.Collections.Concurrent;
using Earshot.Engines.SileroVad;
using Earshot.Sdk;
using Earshot.Sdk.Models;
using Whisper.net;

namespace Earshot.Engines.Whisper;

/// <summary>
/// Whisper through Whisper.net (whisper.cpp): the ggml weights load once into a <see cref="WhisperFactory"/>, and up to
/// <see cref="WhisperOptions.PoolSize"/> processors (each a whisper.cpp decoding state) are made from it on demand and
/// reused. Words carry token-level timestamps and the product of their tokens' probabilities.
/// </summary>
public sealed class WhisperRecognizer : ISpeechRecognizer, IDisposable
{
    private readonly WhisperFactory _factory;
    private readonly ConcurrentBag<WhisperProcessor> _idle = [];
    private readonly SemaphoreSlim _slots;
    private readonly Lazy<SileroVoiceActivityDetector?> _vad;
    private int _processorsCreated;
    private long _decodes;
    private bool _disposed;

    public WhisperRecognizer(WhisperOptions options)
    {
        options.Validate();
        Options = options;
        _factory = WhisperFactory.FromPath(options.ModelPath);
        _slots = new SemaphoreSlim(options.PoolSize, options.PoolSize);
        _vad = new(() => options.VadModelPath is { } path && File.Exists(path)
            ? new SileroVoiceActivityDetector(new SileroVadOptions { ModelPath = path })
            : null, LazyThreadSafetyMode.ExecutionAndPublication);
        Info = new ModelInfo(options.Name, ModelKind.SpeechRecognizer, options.Languages,
            $"Whisper (whisper.cpp via Whisper.net) with {Path.GetFileName(options.ModelPath)}; token-level word times",
            $"whisper.net-1.9.1:{Path.GetFileName(options.ModelPath)}:{new FileInfo(options.ModelPath).Length}");
    }

    public ModelInfo Info { get; }

    public WhisperOptions Options { get; }

    /// <summary>Processors made so far; never more than <see cref="WhisperOptions.PoolSize"/> at once, since idle ones are reused.</summary>
    public int ProcessorsCreated => Volatile.Read(ref _processorsCreated);

    /// <summary>Decodes completed (requests, and stream chunks).</summary>
    public long Decodes => Interlocked.Read(ref _decodes);

    /// <summary>Processors waiting in the pool.</summary>
    public int IdleProcessors => _idle.Count;

    public async Task<Transcript> TranscribeAsync(AudioBuffer audio, TranscribeOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audio);
        RequireCanonicalRate(audio.SampleRate);
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return await DecodeAsync(audio.ToFloat(), options, cancellationToken);
        }
        finally
        {
            _slots.Release();
        }
    }

    public ISpeechStream OpenStream(TranscribeOptions options)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new WhisperStream(this, options, _vad.Value?.OpenStream());
    }

    /// <summary>Transcribes one chunk of a stream, its times shifted by <paramref name="offsetSeconds"/>.</summary>
    internal Transcript TranscribeChunk(short[] samples, TranscribeOptions options, double offsetSeconds)
    {
        if (!_slots.Wait(Options.StreamProcessorWait))
            throw new TimeoutException($"No Whisper processor of '{Info.Name}' came free within {Options.StreamProcessorWait.TotalSeconds:0.#} s.");
        try
        {
            var floats = new AudioBuffer(samples).ToFloat();
            return WhisperTranscripts.Shift(DecodeAsync(floats, options, CancellationToken.None).GetAwaiter().GetResult(), offsetSeconds);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>Runs one decode on a pooled processor (or, for hints, which whisper.cpp takes as a prompt, one of its own).
    /// The caller holds a slot.</summary>
    private async Task<Transcript> DecodeAsync(float[] samples, TranscribeOptions options, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var language = RequestLanguage(options);
        var own = options.Hints.Count > 0;
        var processor = own ? Build(language, options.Hints) : _idle.TryTake(out var pooled) ? pooled : Build(null, []);
        var reusable = !own;
        try
        {
            if (!own && language is not null)
                processor.ChangeLanguage(language);
            var segments = new List<SegmentData>();
            // whisper.cpp reports nothing for input under a second; padding with silence keeps short words.
            var input = samples.Length >= AudioBuffer.CanonicalSampleRate ? samples : [.. samples, .. new float[AudioBuffer.CanonicalSampleRate - samples.Length]];
            await foreach (var segment in processor.ProcessAsync(input, cancellationToken))
                segments.Add(segment);
            cancellationToken.ThrowIfCancellationRequested();
            Interlocked.Increment(ref _decodes);
            return WhisperTranscripts.From(segments, (double)samples.Length / AudioBuffer.CanonicalSampleRate);
        }
        catch
        {
            // A cancelled processor may still be finishing its native call; it is disposed, never returned.
            reusable = false;
            throw;
        }
        finally
        {
            if (reusable && !_disposed)
            {
                if (language is not null)
                    processor.ChangeLanguage(Options.Language);
                _idle.Add(processor);
            }
            else
                await processor.DisposeAsync();
        }
    }

    private WhisperProcessor Build(string? language, IReadOnlyList<string> hints)
    {
        // No context: a pooled processor must not carry one request's text into the next as a prompt.
        var builder = _factory.CreateBuilder()
            .WithLanguage(language ?? Options.Language)
            .WithThreads(Options.Threads)
            .WithNoContext()
            .WithTokenTimestamps()
            .WithProbabilities();
        if (hints.Count > 0)
            builder = builder.WithPrompt(string.Join(", ", hints));
        Interlocked.Increment(ref _processorsCreated);
        return builder.Build();
    }

    /// <summary>The request's language when it differs from the model's default and the model can speak it.</summary>
    private string? RequestLanguage(TranscribeOptions options)
    {
        if (options.Language is not { Length: >= 2 } requested || !Options.Languages.Contains("*"))
            return null;
        var code = requested.Split('-', '_')[0].ToLowerInvariant();
        return code == Options.Language ? null : code;
    }

    private static void RequireCanonicalRate(int sampleRate)
    {
        if (sampleRate != AudioBuffer.CanonicalSampleRate)
            throw new ArgumentException($"Whisper needs {AudioBuffer.CanonicalSampleRate} Hz audio, not {sampleRate} Hz.", nameof(sampleRate));
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        while (_idle.TryTake(out var processor))
            processor.Dispose();
        if (_vad.IsValueCreated)
            _vad.Value?.Dispose();
        _factory.Dispose();
        _slots.Dispose();
    }
}
