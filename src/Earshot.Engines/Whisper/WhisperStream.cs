using Earshot.Engines.SileroVad;
using Earshot.Sdk;
using Earshot.Sdk.Models;

namespace Earshot.Engines.Whisper;

/// <summary>
/// Streaming with Whisper, which reads whole chunks rather than frames: Silero VAD cuts the stream at pauses, and
/// each chunk of speech is transcribed once its end is certain (after the VAD's minimum silence), on a pooled
/// processor. Speech longer than <see cref="WhisperOptions.MaxChunkSeconds"/> is cut there. Without VAD weights the
/// stream is cut every MaxChunkSeconds. There is no partial text: Whisper's result for a chunk comes all at once.
/// </summary>
internal sealed class WhisperStream(WhisperRecognizer owner, TranscribeOptions options, SileroVadStream? vad) : ISpeechStream
{
    private const int Rate = AudioBuffer.CanonicalSampleRate;

    // Kept while nobody speaks: the VAD confirms a start only after its minimum speech, and dates it back.
    private const int LookBackSamples = Rate;

    private readonly List<short> _audio = [];
    private readonly int _maxChunk = (int)(owner.Options.MaxChunkSeconds * Rate);
    private long _audioStart;
    private long _position;
    private long? _speechStart;
    private bool _finished;

    public string PartialText => "";

    public IReadOnlyList<Transcript> Accept(ReadOnlySpan<short> samples)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        var results = new List<Transcript>();
        _audio.AddRange(samples);
        _position += samples.Length;
        if (vad is null)
        {
            if (_position - _audioStart >= _maxChunk)
                results.Add(Cut(_audioStart, _position));
            return NonEmpty(results);
        }

        foreach (var change in vad.Accept(samples))
            Handle(change, results);
        if (_speechStart is { } start && _position - start >= _maxChunk)
        {
            results.Add(Cut(start, _position));
            _speechStart = _position;
        }
        else if (_speechStart is null)
        {
            Drop(_position - LookBackSamples);
        }
        return NonEmpty(results);
    }

    public Transcript Finish()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        var results = new List<Transcript>();
        if (vad is null)
        {
            if (_position > _audioStart)
                results.Add(Cut(_audioStart, _position));
        }
        else
        {
            foreach (var change in vad.Finish())
                Handle(change, results);
            if (_speechStart is { } open && _position > open)
                results.Add(Cut(open, _position));
        }
        _finished = true;
        return WhisperTranscripts.Join(results);
    }

    public void Dispose()
    {
        _finished = true;
        _audio.Clear();
        vad?.Dispose();
    }

    private void Handle(VadEvent change, List<Transcript> results)
    {
        var at = Math.Clamp((long)Math.Round(change.Seconds * Rate), _audioStart, _position);
        if (change.Kind == VadEventKind.SpeechStarted)
        {
            _speechStart = at;
            return;
        }
        var start = _speechStart ?? _audioStart;
        _speechStart = null;
        if (at > start)
            results.Add(Cut(start, at));
    }

    /// <summary>Transcribes [from, to) of the stream and forgets the audio before <paramref name="to"/>.</summary>
    private Transcript Cut(long from, long to)
    {
        var chunkStart = Math.Max(from, _audioStart);
        var chunk = _audio.GetRange((int)(chunkStart - _audioStart), (int)(to - chunkStart)).ToArray();
        Drop(to);
        return owner.TranscribeChunk(chunk, options, (double)chunkStart / Rate);
    }

    private void Drop(long before)
    {
        var count = (int)Math.Clamp(before - _audioStart, 0, _audio.Count);
        if (count == 0)
            return;
        _audio.RemoveRange(0, count);
        _audioStart += count;
    }

    private static List<Transcript> NonEmpty(List<Transcript> results) =>
        results.Where(t => t.Text.Length > 0 || t.Words.Count > 0).ToList();
}
