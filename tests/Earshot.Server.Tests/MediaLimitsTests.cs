using System.Net;
using System.Net.Http.Json;
using Earshot.Audio;
using Earshot.Server.Files;
using Earshot.Server.Tests.Infrastructure;
using Earshot.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Tests;

/// <summary>Media that lies about itself, and the per-user storage quota.</summary>
public sealed class MediaLimitsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AFlacWhoseHeaderUnderstatesItsLengthIsRefusedOnTheDecodedAudio()
    {
        await using var factory = new EarshotFactory(new Dictionary<string, string?> { ["Earshot:MaxAudioSeconds"] = "10" });
        var client = await factory.CreateUserClientAsync();
        var temp = Directory.CreateTempSubdirectory("earshot-lie-").FullName;
        var flac = await MakeAsync(temp, "lie.flac", "anullsrc=r=8000:cl=mono", seconds: 30);
        ClaimOneSecond(flac, sampleRate: 8000);
        Assert.Equal(1, (await new Ffmpeg().ProbeAsync(flac, Ct)).DurationSeconds, 3);

        var response = await client.UploadAsync("/v1/audio/upload", flac);

        await response.AssertProblemAsync(422, "decodes to more than 10 s");
        Assert.Empty(factory.StoredFiles());
        Assert.Empty(factory.ScratchEntries());
    }

    [Fact]
    public async Task AReadingLongerThanTheReadingLimitIsRefusedAtSubmitAndQueuesNothing()
    {
        await using var factory = new EarshotFactory(new Dictionary<string, string?> { ["Reading:MaxAudioSeconds"] = "3" });
        var client = await factory.CreateUserClientAsync();
        var wav = await MakeAsync(Directory.CreateTempSubdirectory("earshot-reading-").FullName, "tone.wav", "sine=f=440:r=16000", seconds: 5);
        var audio = await client.UploadAudioAsync(wav);

        var response = await client.PostAsJsonAsync("/v1/comparison/audio/text/task",
            new { audio_file = audio, audio_model = "pocketsphinx", text = new[] { "a short page" } }, Ct);

        await response.AssertProblemAsync(422, "at most 3 s");
        var jobs = await (await client.GetAsync("/v1/jobs", Ct)).ReadJsonAsync();
        Assert.Equal(0, jobs.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task UploadsPastTheStorageQuotaAre413AndKeepNothing()
    {
        await using var factory = new EarshotFactory(new Dictionary<string, string?> { ["Earshot:MaxStorageBytesPerUser"] = "500000" });
        var client = await factory.CreateUserClientAsync();
        var other = await factory.CreateUserClientAsync();
        var wav = await MakeAsync(Directory.CreateTempSubdirectory("earshot-quota-").FullName, "tone.wav", "sine=f=440:r=16000", seconds: 5);

        (await client.UploadAsync("/v1/audio/upload", wav)).EnsureSuccessStatusCode();
        var stored = factory.StoredFiles();
        await (await client.UploadAsync("/v1/audio/upload", wav)).AssertProblemAsync(413, "quota");

        Assert.Equal(stored, factory.StoredFiles());
        Assert.Equal(HttpStatusCode.OK, (await other.UploadAsync("/v1/audio/upload", wav)).StatusCode);
    }

    [Fact]
    public async Task AnUploadMadeWhileAnotherIsBeingStoredCannotTakeTheOwnerPastTheQuota()
    {
        // one 5 s upload (original and canonical WAV, about 320 kB) fits under the quota, two do not
        var store = new FirstWriteHeldStore();
        await using var factory = new HeldStoreFactory(store, new Dictionary<string, string?> { ["Earshot:MaxStorageBytesPerUser"] = "500000" });
        var client = await factory.CreateUserClientAsync();
        var wav = await MakeAsync(Directory.CreateTempSubdirectory("earshot-quota-race-").FullName, "tone.wav", "sine=f=440:r=16000", seconds: 5);

        // the first upload has passed its checks and waits to write its bytes; the second is made in that moment
        var first = client.UploadAsync("/v1/audio/upload", wav);
        await store.Holding.WaitAsync(TimeSpan.FromMinutes(3), Ct);
        var second = await client.UploadAsync("/v1/audio/upload", wav);
        store.Release();

        (await first).EnsureSuccessStatusCode();
        await second.AssertProblemAsync(413, "quota");
        Assert.Equal(2, factory.StoredFiles().Length);
    }

    [Fact]
    public async Task ClipsAJobCutsCountAgainstTheQuotaAndAreKeptAllOrNone()
    {
        // the 11 s recording (original and canonical WAV, about 704 kB) fits under the quota; its segment clips do not
        await using var factory = new EarshotFactory(new Dictionary<string, string?> { ["Earshot:MaxStorageBytesPerUser"] = "800000" });
        var client = await factory.CreateUserClientAsync();
        var file = await client.UploadAudioAsync(RepositoryPaths.Speech("jfk/jfk.wav"));
        var stored = factory.StoredFiles();

        var task = (await (await client.PostAsJsonAsync("/v1/audio/process/task", new { audio_file = file, audio_model = "pocketsphinx" }, Ct))
            .ReadJsonAsync()).GetProperty("task_id").GetGuid();
        var job = await client.WaitForJobAsync(task, TimeSpan.FromSeconds(120));

        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Contains("quota", job.GetProperty("error").GetString());
        Assert.Equal(stored, factory.StoredFiles());
    }

    [Fact]
    public async Task AWavDurationIsItsDataChunkNotTheFileSize()
    {
        await using var factory = new EarshotFactory();
        var client = await factory.CreateUserClientAsync();
        var wav = await MakeAsync(Directory.CreateTempSubdirectory("earshot-dur-").FullName, "two.wav", "sine=f=440:r=16000", seconds: 2);

        var body = await (await client.UploadAsync("/v1/audio/upload", wav)).ReadJsonAsync();

        Assert.Equal(2.0, body.GetProperty("duration_seconds").GetDouble());
    }

    private static async Task<string> MakeAsync(string directory, string name, string source, int seconds)
    {
        var path = Path.Combine(directory, name);
        var result = await ProcessRunner.RunAsync("ffmpeg", ["-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", source, "-t", seconds.ToString(), "-ac", "1", path], Ct);
        Assert.True(result.ExitCode == 0, result.StandardError);
        return path;
    }

    /// <summary>Rewrites STREAMINFO's total-samples field (36 bits) to one second's worth, and clears its MD5.</summary>
    private static void ClaimOneSecond(string flac, int sampleRate)
    {
        var bytes = File.ReadAllBytes(flac);
        Assert.Equal("fLaC"u8.ToArray(), bytes[..4]);
        const int info = 8;
        var packed = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(info + 10));
        const ulong mask = (1UL << 36) - 1;
        packed = (packed & ~mask) | checked((uint)sampleRate);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(info + 10), packed);
        Array.Clear(bytes, info + 18, 16);
        File.WriteAllBytes(flac, bytes);
    }

    private sealed class HeldStoreFactory(FirstWriteHeldStore store, IReadOnlyDictionary<string, string?> settings) : EarshotFactory(settings)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IFileStore>(sp =>
                store.Around(new LocalFileStore(sp.GetRequiredService<IOptions<EarshotOptions>>()))));
        }
    }

    /// <summary>The real local store, except that the first write waits until the test releases it: a moment, made
    /// reliable, in which one upload has passed its quota checks and has not yet written anything.</summary>
    private sealed class FirstWriteHeldStore : IFileStore, IDisposable
    {
        private readonly TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private LocalFileStore? _inner;
        private int _writes;

        public Task Holding => _holding.Task;

        private LocalFileStore Inner => _inner ?? throw new InvalidOperationException("No store yet.");

        public FirstWriteHeldStore Around(LocalFileStore inner)
        {
            _inner = inner;
            return this;
        }

        public void Release() => _released.TrySetResult();

        public async Task PutAsync(string key, string localSourcePath, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _writes) == 1)
            {
                _holding.TrySetResult();
                await _released.Task.WaitAsync(cancellationToken);
            }
            await Inner.PutAsync(key, localSourcePath, cancellationToken);
        }

        public Stream OpenRead(string key) => Inner.OpenRead(key);
        public string GetLocalPath(string key) => Inner.GetLocalPath(key);
        public bool Exists(string key) => Inner.Exists(key);
        public Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken) => Inner.DeletePrefixAsync(prefix, cancellationToken);
        public long UsedBytes(string prefix) => Inner.UsedBytes(prefix);
        public string CreateTempDirectory() => Inner.CreateTempDirectory();
        public void Dispose() => _inner?.Dispose();
    }
}
