using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Earshot.Audio;
using Earshot.Sdk;
using Earshot.Sdk.Models;

namespace Earshot.Engines.Remote;

/// <summary>
/// A speech recogniser that forwards audio to any server speaking OpenAI's POST /v1/audio/transcriptions
/// (Whisper servers, or another Earshot), asking for verbose_json with segment and word timestamps.
/// </summary>
public sealed class RemoteAsrRecognizer : ISpeechRecognizer, IDisposable
{
    private readonly HttpClient _http;
    private readonly RemoteAsrOptions _options;

    public RemoteAsrRecognizer(RemoteAsrOptions options, HttpMessageHandler? handler = null)
    {
        _options = options;
        _http = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: handler is null) { BaseAddress = options.BaseUrl, Timeout = options.Timeout };
        if (options.ApiKey is { Length: > 0 } key)
        {
            if (options.UseApiKeyHeader)
                _http.DefaultRequestHeaders.Add("X-Api-Key", key);
            else
                _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        Info = new ModelInfo(options.Name, ModelKind.SpeechRecognizer, options.Languages,
            $"OpenAI-compatible transcription server at {options.BaseUrl} (model {options.RemoteModel})", $"remote:{options.RemoteModel}");
    }

    public ModelInfo Info { get; }

    public async Task<Transcript> TranscribeAsync(AudioBuffer audio, TranscribeOptions options, CancellationToken cancellationToken)
    {
        using var wav = new MemoryStream();
        WavFile.Write(wav, audio);
        wav.Position = 0;
        using var form = new MultipartFormDataContent
        {
            { new StreamContent(wav) { Headers = { ContentType = new MediaTypeHeaderValue("audio/wav") } }, "file", "audio.wav" },
            { new StringContent(_options.RemoteModel), "model" },
            { new StringContent("verbose_json"), "response_format" },
            { new StringContent("word"), "timestamp_granularities[]" },
            { new StringContent("segment"), "timestamp_granularities[]" },
        };
        if (options.Language is { Length: > 0 } language)
            form.Add(new StringContent(language), "language");
        if (options.Hints.Count > 0)
            form.Add(new StringContent(string.Join(", ", options.Hints)), "prompt");

        using var response = await _http.PostAsync("v1/audio/transcriptions", form, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"The transcription server answered {(int)response.StatusCode}: {(body.Length > 300 ? body[..300] : body)}");
        }
        return Parse(await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken));
    }

    /// <summary>Reads verbose_json: text, segments[{start,end,text,avg_logprob}], words[{word,start,end,probability?}].</summary>
    public static Transcript Parse(JsonElement json)
    {
        var segments = new List<TranscriptSegment>();
        var segmentConfidence = new List<(double Start, double End, double Confidence)>();
        if (json.TryGetProperty("segments", out var s) && s.ValueKind == JsonValueKind.Array)
        {
            foreach (var segment in s.EnumerateArray())
            {
                var (start, end) = (segment.GetProperty("start").GetDouble(), segment.GetProperty("end").GetDouble());
                segments.Add(new TranscriptSegment(start, end, segment.GetProperty("text").GetString()?.Trim() ?? ""));
                var confidence = segment.TryGetProperty("avg_logprob", out var logprob) && logprob.ValueKind == JsonValueKind.Number
                    ? Math.Clamp(Math.Exp(logprob.GetDouble()), 0, 1)
                    : 1;
                segmentConfidence.Add((start, end, confidence));
            }
        }

        var words = new List<RecognizedWord>();
        if (json.TryGetProperty("words", out var w) && w.ValueKind == JsonValueKind.Array)
        {
            foreach (var word in w.EnumerateArray())
            {
                var (start, end) = (word.GetProperty("start").GetDouble(), word.GetProperty("end").GetDouble());
                // OpenAI's words carry no confidence; whisper.cpp-style servers (and Earshot) add "probability".
                var confidence = word.TryGetProperty("probability", out var p) && p.ValueKind == JsonValueKind.Number
                    ? p.GetDouble()
                    : segmentConfidence.FirstOrDefault(c => start >= c.Start && start < c.End, (0, 0, 1)).Confidence;
                words.Add(new RecognizedWord(word.GetProperty("word").GetString()?.Trim() ?? "", start, end, Math.Clamp(confidence, 0, 1)));
            }
        }
        var text = json.TryGetProperty("text", out var t) ? t.GetString()?.Trim() ?? "" : string.Join(' ', segments.Select(x => x.Text));
        return text.Length == 0 && words.Count == 0 ? Transcript.Empty : new Transcript(text, segments, words);
    }

    /// <summary>Remote servers answer whole files, so a stream buffers its audio and transcribes it on Finish.</summary>
    public ISpeechStream OpenStream(TranscribeOptions options) => new BufferedStream(this, options);

    public void Dispose() => _http.Dispose();

    private sealed class BufferedStream(RemoteAsrRecognizer owner, TranscribeOptions options) : ISpeechStream
    {
        private readonly List<short> _samples = [];

        public string PartialText => "";

        public IReadOnlyList<Transcript> Accept(ReadOnlySpan<short> samples)
        {
            _samples.AddRange(samples);
            return [];
        }

        public Transcript Finish() => owner.TranscribeAsync(new AudioBuffer([.. _samples]), options, CancellationToken.None).GetAwaiter().GetResult();

        public void Dispose() => _samples.Clear();
    }
}
