using System.Net.Http.Json;
using Earshot.Server.Tests.Infrastructure;
using Earshot.Testing;

namespace Earshot.Server.Tests.Voices;

/// <summary>LibriSpeech clips of two speakers as PCM s16le, and helpers that put audio into upload streams.</summary>
internal static class VoiceAudio
{
    public const string SpeakerA1 = "librispeech/3752-4944-0000.flac";
    public const string SpeakerA2 = "librispeech/3752-4944-0001.flac";
    public const string SpeakerB = "librispeech/1988-24833-0000.flac";

    private static readonly Dictionary<string, byte[]> Cache = [];

    public static async Task<byte[]> PcmAsync(string clip)
    {
        lock (Cache)
            if (Cache.TryGetValue(clip, out var cached))
                return cached;
        var samples = await StreamTestClient.ReadCanonicalAsync(RepositoryPaths.Speech(clip));
        var bytes = new byte[samples.Length * 2];
        Buffer.BlockCopy(samples, 0, bytes, 0, bytes.Length);
        lock (Cache)
            Cache[clip] = bytes;
        return bytes;
    }

    /// <summary>Starts a stream on <paramref name="startRoute"/> and sends the bytes as the seed does: {"data": base64}.</summary>
    public static async Task<Guid> StreamAsync(HttpClient client, byte[] pcm, string startRoute = "/start_stream", string appendRoute = "/upload_stream_data")
    {
        var ct = TestContext.Current.CancellationToken;
        var start = await client.PostAsync(startRoute, null, ct);
        start.EnsureSuccessStatusCode();
        var id = (await start.ReadJsonAsync()).GetProperty("uuid").GetGuid();
        (await client.PostAsJsonAsync($"{appendRoute}/{id}", new { data = Convert.ToBase64String(pcm) }, ct)).EnsureSuccessStatusCode();
        return id;
    }
}
