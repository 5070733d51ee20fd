using System.Net.WebSockets;
using System.Runtime.InteropServices;
using System.Text.Json;
using Earshot.Audio;
using Earshot.Sdk;
using Earshot.Sdk.Models;
using Earshot.Server.Files;

namespace Earshot.Server.Streaming;

/// <summary>WebSocket close codes the stream endpoint uses (RFC 6455 §7.4 and the IANA registry).</summary>
public static class StreamCloseCodes
{
    public const int Normal = 1000;
    public const int InvalidData = 1007;
    public const int PolicyViolation = 1008;
    public const int TooBig = 1009;
    public const int InternalError = 1011;
    public const int TryAgainLater = 1013;
}

/// <summary>Thrown inside a session to end it with a close frame.</summary>
public sealed class StreamClosedException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;
}

/// <summary>How a stream ended, as recorded with its recording (job result "ended").</summary>
public static class StreamEndings
{
    public const string Eof = "eof";
    public const string ClientClosed = "closed";
    public const string Disconnected = "disconnected";
    public const string Idle = "idle";
    public const string InvalidData = "invalid_data";
    public const string TooBig = "too_big";
    public const string Overloaded = "overloaded";
    public const string Failed = "failed";

    public static string ForCloseCode(int code) => code switch
    {
        StreamCloseCodes.PolicyViolation => Idle,
        StreamCloseCodes.InvalidData => InvalidData,
        StreamCloseCodes.TooBig => TooBig,
        StreamCloseCodes.TryAgainLater => Overloaded,
        _ => Failed,
    };
}

/// <summary>Stores one stream's recording (the completed 16 kHz WAV at <paramref name="wavPath"/>, which it may move);
/// returns the audio file and the stream.transcript job.</summary>
public delegate Task<(Guid FileId, Guid JobId)> SaveStream(string wavPath, double durationSeconds, IReadOnlyList<Transcript> utterances,
    StreamTranscriptRequest request, DateTime startedAt, string ended);

/// <summary>
/// One live stream in the Vosk server protocol: optional {"config": …}, binary PCM s16le mono, {"eof": 1}.
/// Answers each audio message with {"partial"} or, where an utterance ended by silence, {"result", "text"}.
/// Every stream that received audio is kept, however it ended: after eof by <see cref="RunAsync"/> (the final result
/// carries the ids), otherwise by <see cref="KeepUnfinishedAsync"/> once the decoder and the admission slot are free.
/// The audio goes to a WAV file in <paramref name="spoolDirectory"/> (a scratch directory the session owns) as it
/// arrives, not into memory; disposing the session deletes the directory and whatever was not saved. With
/// <paramref name="storage"/> the spool counts against the owner's storage quota as it grows: where the quota ends the
/// stream is closed with 1009 and what it received so far is kept.
/// </summary>
public sealed class StreamSession(WebSocket socket, StreamingOptions options, StreamRecognizers recognizers, SaveStream save, string spoolDirectory,
    StreamLag? lag = null, StorageQuota.Reservation? storage = null) : IDisposable
{
    /// <summary>How far ahead of the spool the quota is reserved (about 33 s of audio), so the quota is checked rarely.</summary>
    private const long SpoolReserveStep = 1 << 20;

    private readonly byte[] _buffer = new byte[options.MaxMessageBytes];
    private WavWriter? _spool;
    private long _reservedBytes;
    private readonly List<Transcript> _utterances = [];
    private readonly DateTime _startedAt = DateTime.UtcNow;
    private Task<WebSocketReceiveResult>? _pendingReceive;
    private long _partialAt;
    private string _partial = "";
    private ISpeechStream? _stream;
    private CompressedStreamInput? _compressed;
    private CancellationTokenSource? _stop;
    private bool _saved;
    private string _ended = StreamEndings.Disconnected;
    private LinearResampler _resampler = new(AudioBuffer.CanonicalSampleRate);
    private StreamTranscriptRequest _request = new(options.Model, AudioBuffer.CanonicalSampleRate, Words: true, []);

    public async Task RunAsync(CancellationToken aborted)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        _stop = stop;
        try
        {
            await ReceiveAllAsync(stop.Token, aborted);
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested && _compressed?.Failure is { } failure)
        {
            await EndWithAsync(failure, aborted);
        }
        catch (Exception ex) when (ex is StreamClosedException or MediaException or InvalidOperationException or ArgumentException or ObjectDisposedException)
        {
            await EndWithAsync(ex, aborted);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException)
        {
            // The client vanished; finally frees the decoder.
        }
        finally
        {
            await StopCompressedInputAsync(); // nothing feeds the recogniser any more
            if (!_saved)
                FinishUnfinished();
            _stream?.Dispose();
            _stream = null;
        }
    }

    private async Task ReceiveAllAsync(CancellationToken receiving, CancellationToken aborted)
    {
        while (true)
        {
            var (type, length) = await ReceiveMessageAsync(receiving);
            if (type == WebSocketMessageType.Close)
            {
                _ended = StreamEndings.ClientClosed; // without eof: what was received is kept by KeepUnfinishedAsync
                await StopCompressedInputAsync();
                await CloseAsync(StreamCloseCodes.Normal, null, aborted);
                return;
            }
            if (type == WebSocketMessageType.Binary)
                await OnAudioAsync(length, aborted);
            else if (await OnTextAsync(length, aborted))
                return;
        }
    }

    private ValueTask StopCompressedInputAsync() => _compressed?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>Closes with the code that says what went wrong: the client's data, our limits, or a decoder fault.</summary>
    private async Task EndWithAsync(Exception ex, CancellationToken aborted)
    {
        await StopCompressedInputAsync(); // the reader task sends no more while we close
        if (ex is WebSocketException or IOException or OperationCanceledException)
            return; // the client vanished
        var (code, message) = ex switch
        {
            StreamClosedException closed => (closed.Code, closed.Message),
            MediaException media => (StreamCloseCodes.InvalidData, $"audio could not be decoded as {_request.Format}: {media.Message}"),
            _ => (StreamCloseCodes.InternalError, $"recognition failed: {ex.Message}"),
        };
        _ended = ex is StreamClosedException or MediaException ? StreamEndings.ForCloseCode(code) : StreamEndings.Failed;
        await CloseAsync(code, VoskMessages.Error(message), aborted);
    }

    /// <summary>Decodes what is buffered, so the kept transcript covers all audio received; a faulted decoder keeps what it had.</summary>
    private void FinishUnfinished()
    {
        if (_stream is null || _ended is StreamEndings.Failed or StreamEndings.Overloaded)
            return;
        try
        {
            if (_stream.Finish() is { Words.Count: > 0 } last)
                _utterances.Add(last);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException or TimeoutException)
        {
            // The utterances finished earlier are still kept.
        }
    }

    /// <summary>
    /// Saves a stream that ended without eof (client closed or vanished, idle, bad data, decoder fault) when it received
    /// any audio: the audio as received and the transcript decoded from it, with <c>ended</c> saying how it ended.
    /// Returns the ids, or null when nothing was kept.
    /// </summary>
    public async Task<(Guid FileId, Guid JobId)?> KeepUnfinishedAsync()
    {
        if (_saved || Samples == 0)
            return null;
        _saved = true;
        return await SaveAsync(_ended);
    }

    /// <summary>Samples received so far (at 16 kHz), all of them spooled.</summary>
    private long Samples => _spool?.SampleCount ?? 0;

    private async Task<(Guid FileId, Guid JobId)> SaveAsync(string ended)
    {
        var spool = _spool!;
        spool.Complete();
        spool.Dispose();
        return await save(spool.Path, spool.DurationSeconds, _utterances, _request, _startedAt, ended);
    }

    private void ReserveSpool(long samples)
    {
        var needed = WavFile.HeaderSize + 2 * samples;
        if (storage is null || needed <= _reservedBytes)
            return;
        if (storage.GrowTo(needed + SpoolReserveStep) is null)
            _reservedBytes = needed + SpoolReserveStep;
        else if (storage.GrowTo(needed) is { } rejection)
            throw new StreamClosedException(StreamCloseCodes.TooBig, $"storage quota reached: {rejection.Detail}");
        else
            _reservedBytes = needed;
    }

    public void Dispose()
    {
        _spool?.Dispose();
        storage?.Dispose();
        if (Directory.Exists(spoolDirectory))
            Directory.Delete(spoolDirectory, recursive: true);
    }

    private async Task OnAudioAsync(int length, CancellationToken cancellationToken)
    {
        if (_request.Format != StreamTranscriptRequest.Pcm)
        {
            _compressed ??= CompressedStreamInput.Start(samples => OnPcmAsync(samples, cancellationToken), () => _stop?.Cancel());
            await _compressed.WriteAsync(_buffer.AsMemory(0, length), cancellationToken);
            return;
        }
        if (length % 2 != 0)
            throw new StreamClosedException(StreamCloseCodes.InvalidData, $"odd byte count {length}: audio must be whole 16-bit PCM samples");
        await OnPcmAsync(_resampler.Process(MemoryMarshal.Cast<byte, short>(_buffer.AsSpan(0, length))), cancellationToken);
    }

    /// <summary>16 kHz samples, from a binary message or the compressed input's decoder: kept, recognised, answered.</summary>
    private async Task OnPcmAsync(short[] samples, CancellationToken cancellationToken)
    {
        var startedAt = TimeProvider.System.GetTimestamp();
        await RecogniseAsync(samples, cancellationToken);
        lag?.Record(samples.Length / (double)AudioBuffer.CanonicalSampleRate, startedAt);
    }

    private async Task RecogniseAsync(short[] samples, CancellationToken cancellationToken)
    {
        if (Samples + samples.Length > options.MaxStreamSeconds * AudioBuffer.CanonicalSampleRate)
            throw new StreamClosedException(StreamCloseCodes.TooBig, $"stream longer than {options.MaxStreamSeconds:0} s");
        ReserveSpool(Samples + samples.Length);
        (_spool ??= new WavWriter(Path.Combine(spoolDirectory, "stream.wav"))).Append(samples);

        var stream = _stream ??= await OpenStreamAsync(cancellationToken);
        var ended = Overloaded(() => stream.Accept(samples));
        _utterances.AddRange(ended);
        if (ended.Count > 0)
            (_partial, _partialAt) = ("", Samples);
        else
        {
            if (Samples - _partialAt >= options.PartialIntervalSeconds * AudioBuffer.CanonicalSampleRate)
                (_partial, _partialAt) = (stream.PartialText, Samples);
            await SendAsync(VoskMessages.Partial(_partial), cancellationToken);
        }
        foreach (var utterance in ended)
            await SendAsync(VoskMessages.Result(utterance, _request.Words), cancellationToken);
    }

    /// <summary>Handles config or eof; true when the stream is over.</summary>
    private async Task<bool> OnTextAsync(int length, CancellationToken cancellationToken)
    {
        JsonElement message;
        try
        {
            message = JsonDocument.Parse(_buffer.AsMemory(0, length)).RootElement;
        }
        catch (JsonException)
        {
            throw new StreamClosedException(StreamCloseCodes.InvalidData, "text messages must be JSON: {\"config\": …} or {\"eof\": 1}");
        }
        if (message.ValueKind != JsonValueKind.Object)
            throw new StreamClosedException(StreamCloseCodes.InvalidData, "text messages must be JSON objects");
        if (message.TryGetProperty("config", out var config))
        {
            ApplyConfig(config);
            return false;
        }
        if (message.TryGetProperty("eof", out _))
        {
            if (_compressed is not null)
                await _compressed.CompleteAsync(); // the rest of the audio through ffmpeg and the recogniser first
            await FinishAsync(cancellationToken);
            return true;
        }
        throw new StreamClosedException(StreamCloseCodes.InvalidData, "expected {\"config\": …}, {\"eof\": 1} or binary audio");
    }

    private void ApplyConfig(JsonElement element)
    {
        if (Samples > 0)
            throw new StreamClosedException(StreamCloseCodes.InvalidData, "config must come before the audio");
        StreamConfig config;
        try
        {
            config = element.Deserialize<StreamConfig>() ?? new StreamConfig();
        }
        catch (JsonException)
        {
            throw new StreamClosedException(StreamCloseCodes.InvalidData, "config: sample_rate must be a number, words a boolean, phrase_list strings");
        }
        var rate = config.SampleRate ?? AudioBuffer.CanonicalSampleRate;
        if (rate is < 8000 or > 48000 || rate != Math.Floor(rate))
            throw new StreamClosedException(StreamCloseCodes.InvalidData, $"sample_rate {rate} not supported: send 8000-48000 Hz");
        var model = string.IsNullOrWhiteSpace(config.Model) ? options.Model : config.Model.Trim();
        if (recognizers.Find(model) is null)
            throw new StreamClosedException(StreamCloseCodes.InvalidData, $"unknown speech model '{model}'");
        var format = string.IsNullOrWhiteSpace(config.Format) ? StreamTranscriptRequest.Pcm : config.Format.Trim().ToLowerInvariant();
        if (format != StreamTranscriptRequest.Pcm && !CompressedStreamInput.Formats.Contains(format))
            throw new StreamClosedException(StreamCloseCodes.InvalidData,
                $"format '{config.Format}' not supported: use pcm, {string.Join(", ", CompressedStreamInput.Formats.Order())}");
        _request = new StreamTranscriptRequest(model, (int)rate, config.Words ?? true, config.PhraseList ?? [], format);
        _resampler = new LinearResampler((int)rate);
    }

    private async Task<ISpeechStream> OpenStreamAsync(CancellationToken cancellationToken)
    {
        var recognizer = recognizers.Find(_request.Model)
            ?? throw new StreamClosedException(StreamCloseCodes.InternalError, $"speech model '{_request.Model}' is not loaded");
        return await recognizers.OpenAsync(recognizer, new TranscribeOptions { Hints = _request.PhraseList }, cancellationToken)
            ?? throw new StreamClosedException(StreamCloseCodes.TryAgainLater, "server overloaded: no decoder free");
    }

    /// <summary>A recogniser that lends decoders per utterance (PocketSphinx) throws <see cref="TimeoutException"/> when
    /// speech starts and none comes free in time: the client gets 1013 like a stream over the admission limit.</summary>
    private static T Overloaded<T>(Func<T> decode)
    {
        try
        {
            return decode();
        }
        catch (TimeoutException ex)
        {
            throw new StreamClosedException(StreamCloseCodes.TryAgainLater, $"server overloaded: {ex.Message}");
        }
    }

    private async Task FinishAsync(CancellationToken cancellationToken)
    {
        var last = _stream is { } stream ? Overloaded(stream.Finish) : Transcript.Empty;
        _stream?.Dispose();
        _stream = null;
        if (last.Words.Count > 0)
            _utterances.Add(last);
        (Guid FileId, Guid JobId)? saved = null;
        _saved = true;
        if (Samples > 0)
            saved = await SaveAsync(StreamEndings.Eof);
        await SendAsync(VoskMessages.Result(last, _request.Words, saved?.FileId, saved?.JobId), cancellationToken);
        await CloseAsync(StreamCloseCodes.Normal, null, cancellationToken);
    }

    private async Task<(WebSocketMessageType Type, int Length)> ReceiveMessageAsync(CancellationToken cancellationToken)
    {
        var length = 0;
        while (true)
        {
            if (length == _buffer.Length)
                throw new StreamClosedException(StreamCloseCodes.TooBig, $"message over {options.MaxMessageBytes} bytes");
            var receive = socket.ReceiveAsync(new ArraySegment<byte>(_buffer, length, _buffer.Length - length), cancellationToken);
            WebSocketReceiveResult result;
            try
            {
                // WaitAsync drops its timer when the receive completes; a Task.Delay per message would keep one alive for the whole timeout.
                result = await receive.WaitAsync(options.IdleTimeout, cancellationToken);
            }
            catch (TimeoutException)
            {
                _pendingReceive = receive;
                throw new StreamClosedException(StreamCloseCodes.PolicyViolation, $"idle for {options.IdleTimeout.TotalSeconds:0} s");
            }
            if (result.MessageType == WebSocketMessageType.Close)
                return (WebSocketMessageType.Close, 0);
            length += result.Count;
            if (result.EndOfMessage)
                return (result.MessageType, length);
        }
    }

    private Task SendAsync(byte[] json, CancellationToken cancellationToken) =>
        socket.SendAsync(json, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    /// <summary>Sends the close frame, then waits briefly for the client's, so the client sees a clean close with our code.</summary>
    public async Task CloseAsync(int code, string? reason, CancellationToken cancellationToken)
    {
        try
        {
            if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
                return;
            await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, cancellationToken);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TimeSpan.FromSeconds(2));
            if (_pendingReceive is { } pending)
                await pending.WaitAsync(wait.Token);
            while (socket.State == WebSocketState.CloseSent)
                await socket.ReceiveAsync(_buffer, wait.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or TimeoutException)
        {
            // The client did not answer the close; the connection ends anyway.
        }
    }
}
