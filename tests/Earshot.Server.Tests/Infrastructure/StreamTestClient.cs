using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Earshot.Audio;
using Earshot.Sdk.Models;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Earshot.Server.Tests.Infrastructure;

/// <summary>What a stream client saw: every JSON message, and how the server closed.</summary>
public sealed record StreamOutcome(IReadOnlyList<JsonElement> Messages, WebSocketCloseStatus? CloseStatus, string? CloseReason)
{
    public IEnumerable<JsonElement> Results => Messages.Where(m => m.TryGetProperty("text", out _));
    public IEnumerable<JsonElement> Partials => Messages.Where(m => m.TryGetProperty("partial", out _));

    /// <summary>The texts of all results, in order, joined like a batch transcript.</summary>
    public string Text => string.Join(' ', Results.Select(r => r.GetProperty("text").GetString()).Where(t => !string.IsNullOrEmpty(t)));
}

/// <summary>Talks to GET /v1/stream through the test server, in the Vosk protocol.</summary>
public static class StreamTestClient
{
    public static Task<WebSocket> ConnectAsync(this WebApplicationFactory<Program> factory, string token, CancellationToken cancellationToken) =>
        factory.ConnectAsync("v1/stream", request => request.Headers.Authorization = $"Bearer {token}", cancellationToken);

    /// <summary>Opens a WebSocket to <paramref name="pathAndQuery"/>, with whatever credentials <paramref name="authenticate"/> puts on the upgrade request.</summary>
    public static async Task<WebSocket> ConnectAsync(this WebApplicationFactory<Program> factory, string pathAndQuery,
        Action<Microsoft.AspNetCore.Http.HttpRequest>? authenticate, CancellationToken cancellationToken)
    {
        var client = factory.Server.CreateWebSocketClient();
        if (authenticate is not null)
            client.ConfigureRequest = authenticate;
        return await client.ConnectAsync(new Uri(factory.Server.BaseAddress, pathAndQuery), cancellationToken);
    }

    public static async Task<string> TokenAsync(this WebApplicationFactory<Program> factory) =>
        await ApiClient.RegisterAndLoginAsync(factory.CreateClient(), "s" + Guid.NewGuid().ToString("N")[..12], "correct horse");

    public static async Task<short[]> ReadCanonicalAsync(string path)
    {
        var wav = Path.Combine(Path.GetTempPath(), $"earshot-stream-test-{Guid.NewGuid():N}.wav");
        try
        {
            await new Ffmpeg().ConvertToCanonicalWavAsync(path, wav, CancellationToken.None);
            return WavFile.Read(wav).Samples;
        }
        finally
        {
            File.Delete(wav);
        }
    }

    public static Task SendJsonAsync(this WebSocket socket, object message, CancellationToken cancellationToken) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, true, cancellationToken);

    public static Task SendPcmAsync(this WebSocket socket, ReadOnlySpan<short> samples, CancellationToken cancellationToken)
    {
        var bytes = new byte[samples.Length * 2];
        for (var i = 0; i < samples.Length; i++)
            BitConverter.TryWriteBytes(bytes.AsSpan(i * 2), samples[i]);
        return socket.SendAsync(bytes, WebSocketMessageType.Binary, true, cancellationToken);
    }

    /// <summary>Next message, or null when the server closed (the close status is then on the socket).</summary>
    public static async Task<JsonElement?> ReceiveJsonAsync(this WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (socket.State == WebSocketState.CloseReceived)
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
                return null;
            }
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
                return JsonDocument.Parse(Encoding.UTF8.GetString(message.ToArray())).RootElement.Clone();
        }
    }

    /// <summary>Reads until the server closes.</summary>
    public static async Task<StreamOutcome> ReceiveAllAsync(this WebSocket socket, CancellationToken cancellationToken, List<JsonElement>? into = null)
    {
        var messages = into ?? [];
        while (await socket.ReceiveJsonAsync(cancellationToken) is { } message)
            messages.Add(message);
        return new StreamOutcome(messages, socket.CloseStatus, socket.CloseStatusDescription);
    }

    /// <summary>Sends the samples in packets of <paramref name="frames"/> (no config, no eof) and waits until every packet was answered.</summary>
    public static async Task SendAllAnsweredAsync(this WebSocket socket, short[] samples, int frames, CancellationToken cancellationToken)
    {
        var packets = (samples.Length + frames - 1) / frames;
        var receiving = Task.Run(async () =>
        {
            // At least one reply per packet: a partial, or one result per utterance the packet ended.
            for (var received = 0; received < packets; received++)
                _ = await socket.ReceiveJsonAsync(cancellationToken) ?? throw new InvalidOperationException($"closed: {socket.CloseStatus} {socket.CloseStatusDescription}");
        }, cancellationToken);
        for (var offset = 0; offset < samples.Length; offset += frames)
            await socket.SendPcmAsync(samples.AsSpan(offset, Math.Min(frames, samples.Length - offset)), cancellationToken);
        await receiving;
    }

    /// <summary>
    /// Sends config, the samples in packets of <paramref name="frames"/>, then eof, reading replies as they come.
    /// <paramref name="afterFirstReply"/> runs once the server answered the first packet (to line several streams up).
    /// </summary>
    public static async Task<StreamOutcome> StreamAsync(this WebSocket socket, short[] samples, object? config, int frames,
        Func<Task>? afterFirstReply, CancellationToken cancellationToken)
    {
        var messages = new List<JsonElement>();
        if (config is not null)
            await socket.SendJsonAsync(config, cancellationToken);
        await socket.SendPcmAsync(samples.AsSpan(0, Math.Min(frames, samples.Length)), cancellationToken);
        messages.Add(await socket.ReceiveJsonAsync(cancellationToken) ?? throw new InvalidOperationException($"closed: {socket.CloseStatus} {socket.CloseStatusDescription}"));
        if (afterFirstReply is not null)
            await afterFirstReply();
        var receiving = socket.ReceiveAllAsync(cancellationToken, messages);
        for (var offset = frames; offset < samples.Length; offset += frames)
            await socket.SendPcmAsync(samples.AsSpan(offset, Math.Min(frames, samples.Length - offset)), cancellationToken);
        await socket.SendJsonAsync(new { eof = 1 }, cancellationToken);
        return await receiving;
    }
}
