using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Earshot.Server.Streaming;

/// <summary>One message from the server and when it arrived, counted from the first packet sent.</summary>
public sealed record StreamReply(JsonElement Message, TimeSpan At, TimeSpan AudioSent)
{
    public bool IsPartial => Message.TryGetProperty("partial", out _);
    public string Text => Message.TryGetProperty("partial", out var p) ? p.GetString() ?? "" : Message.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "";
}

/// <summary>How a stream ended: replies, the server's close code/reason, and when each audio packet and the eof went out.</summary>
public sealed record StreamRun(IReadOnlyList<StreamReply> Replies, WebSocketCloseStatus? CloseStatus, string? CloseReason,
    IReadOnlyList<TimeSpan> PacketsSentAt, TimeSpan? EofSentAt)
{
    public bool Succeeded => CloseStatus == WebSocketCloseStatus.NormalClosure && Replies.Count > 0 && !Replies[^1].IsPartial;

    public string Transcript => string.Join(' ', Replies.Where(r => !r.IsPartial && r.Text.Length > 0).Select(r => r.Text));
}

/// <summary>Client side of GET /v1/stream (Vosk protocol), used by `earshot stream` and the streams benchmark.</summary>
public static class VoskStreamClient
{
    public static async Task<ClientWebSocket> ConnectAsync(Uri url, string? token, string? apiKey, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (!string.IsNullOrEmpty(apiKey))
            socket.Options.SetRequestHeader("X-Api-Key", apiKey);
        else if (!string.IsNullOrEmpty(token))
            socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        await socket.ConnectAsync(url, cancellationToken);
        return socket;
    }

    /// <summary>Sends 16 kHz samples in packets of <paramref name="frames"/> (at real time when asked), then eof, and collects every reply.</summary>
    public static async Task<StreamRun> RunAsync(WebSocket socket, short[] samples, int frames, bool realtime, Action<StreamReply>? onReply,
        CancellationToken cancellationToken)
    {
        var replies = new List<StreamReply>();
        var clock = Stopwatch.StartNew();
        long sentSamples = 0;
        await socket.SendAsync("{\"config\":{\"sample_rate\":16000,\"words\":true}}"u8.ToArray(), WebSocketMessageType.Text, true, cancellationToken);
        var receiving = Task.Run(async () =>
        {
            var buffer = new byte[64 * 1024];
            using var message = new MemoryStream();
            try
            {
                while (true)
                {
                    var result = await socket.ReceiveAsync(buffer, cancellationToken);
                    if (result.MessageType == WebSocketMessageType.Close)
                        break;
                    message.Write(buffer, 0, result.Count);
                    if (!result.EndOfMessage)
                        continue;
                    var reply = new StreamReply(JsonDocument.Parse(Encoding.UTF8.GetString(message.ToArray())).RootElement.Clone(), clock.Elapsed,
                        TimeSpan.FromSeconds(Interlocked.Read(ref sentSamples) / 16000.0));
                    message.SetLength(0);
                    replies.Add(reply);
                    onReply?.Invoke(reply);
                }
                if (socket.State == WebSocketState.CloseReceived)
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
            }
            catch (WebSocketException)
            {
                // The connection broke; CloseStatus stays empty and the run counts as failed.
            }
        }, cancellationToken);

        var packet = new byte[frames * 2];
        var sentAt = new List<TimeSpan>();
        TimeSpan? eofAt = null;
        try
        {
            for (var offset = 0; offset < samples.Length && socket.State == WebSocketState.Open; offset += frames)
            {
                var count = Math.Min(frames, samples.Length - offset);
                Buffer.BlockCopy(samples, offset * 2, packet, 0, count * 2);
                if (realtime && TimeSpan.FromSeconds(offset / 16000.0) - clock.Elapsed is { Ticks: > 0 } ahead)
                    await Task.Delay(ahead, cancellationToken);
                sentAt.Add(clock.Elapsed);
                await socket.SendAsync(packet.AsMemory(0, count * 2), WebSocketMessageType.Binary, true, cancellationToken);
                Interlocked.Add(ref sentSamples, count);
            }
            if (socket.State == WebSocketState.Open)
            {
                eofAt = clock.Elapsed;
                await socket.SendAsync("{\"eof\":1}"u8.ToArray(), WebSocketMessageType.Text, true, cancellationToken);
            }
        }
        catch (WebSocketException)
        {
            // Closed by the server while sending (rejected); the reason arrives on the receive side.
        }
        await receiving;
        return new StreamRun(replies, socket.CloseStatus, socket.CloseStatusDescription, sentAt, eofAt);
    }
}
