using System.Net;
using System.Text.Json;
using Earshot.Audio;
using Earshot.Server.Tests.Infrastructure;
using Earshot.Testing;

namespace Earshot.Server.Tests;

[Collection(SharedServerCollection.Name)]
public sealed class FilesApiTests(SharedServer factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("jfk/jfk.wav")]
    [InlineData("librispeech/1988-24833-0000.flac")]
    [InlineData("commonvoice/common_voice_en_651325.mp3")]
    public async Task UploadedAudioDownloadsAsSentAndHasCanonicalCopy(string sample)
    {
        var client = await factory.CreateUserClientAsync();
        var path = RepositoryPaths.Speech(sample);
        var id = await client.UploadAudioAsync(path);

        var original = await client.GetByteArrayAsync($"/v1/audio/download?file={id}", Ct);
        Assert.Equal(File.ReadAllBytes(path), original);

        var canonicalPath = Path.Combine(Directory.CreateTempSubdirectory().FullName, "canonical.wav");
        File.WriteAllBytes(canonicalPath, await client.GetByteArrayAsync($"/v1/audio/download?file={id}&variant=canonical", Ct));
        var probe = await new Ffmpeg().ProbeAsync(canonicalPath, Ct);
        Assert.Equal((16000, 1, "pcm_s16le"), (probe.SampleRate, probe.Channels, probe.Codec));
        var source = await new Ffmpeg().ProbeAsync(path, Ct);
        Assert.InRange(probe.DurationSeconds, source.DurationSeconds - 0.1, source.DurationSeconds + 0.1);
    }

    [Fact]
    public async Task RandomBytesNamedWavAreRejectedAndNothingIsKept()
    {
        var client = await factory.CreateUserClientAsync();
        var before = factory.StoredFiles();
        var bytes = new byte[50_000];
        new Random(7).NextBytes(bytes);

        await (await client.UploadBytesAsync("/v1/audio/upload", bytes, "noise.wav")).AssertProblemAsync(422);

        Assert.Equal(before, factory.StoredFiles());
        Assert.Equal(0, await factory.QueryDbAsync(db => Task.FromResult(db.Files.Count(f => f.OriginalName == "noise.wav"))));
    }

    [Fact]
    public async Task ImageRenamedToWavIsRejectedAsNotAudio()
    {
        var client = await factory.CreateUserClientAsync();
        var image = Path.Combine(RepositoryPaths.OcrDir, "textract", "quick_brown_fox.jpg");
        await (await client.UploadAsync("/v1/audio/upload", image, "fox.wav")).AssertProblemAsync(422, "no audio");
    }

    [Fact]
    public async Task ImageWithImageExtensionOnAudioRouteIs415()
    {
        var client = await factory.CreateUserClientAsync();
        var image = Path.Combine(RepositoryPaths.OcrDir, "textract", "quick_brown_fox.jpg");
        await (await client.UploadAsync("/v1/audio/upload", image)).AssertProblemAsync(415, "allowed extensions");
    }

    [Fact]
    public async Task EmptyFileIsRejected()
    {
        var client = await factory.CreateUserClientAsync();
        await (await client.UploadBytesAsync("/v1/audio/upload", [], "empty.wav")).AssertProblemAsync(422, "empty");
    }

    [Fact]
    public async Task MissingFilePartIsRejected()
    {
        var client = await factory.CreateUserClientAsync();
        var form = new MultipartFormDataContent { { new StringContent("hello"), "note" } };
        await (await client.PostAsync("/v1/audio/upload", form, Ct)).AssertProblemAsync(422, "No file was sent");
    }

    [Theory]
    [InlineData("../../etc/passwd.wav")]
    [InlineData("..\\evil.wav")]
    public async Task PathTraversalFileNameIsRejected(string name)
    {
        var client = await factory.CreateUserClientAsync();
        var before = factory.StoredFiles();
        await (await client.UploadAsync("/v1/audio/upload", RepositoryPaths.Speech("jfk/jfk.wav"), name)).AssertProblemAsync(422, "plain name");
        Assert.Equal(before, factory.StoredFiles());
    }

    [Fact]
    public async Task NonUuidFileIdIs422AndUnknownIs404()
    {
        var client = await factory.CreateUserClientAsync();
        await (await client.GetAsync("/v1/audio/download?file=../../earshot.db", Ct)).AssertProblemAsync(422, "UUID");
        await (await client.GetAsync($"/v1/audio/download?file={Guid.NewGuid()}", Ct)).AssertProblemAsync(404);
    }

    [Fact]
    public async Task AnotherUsersFileIsNotFound()
    {
        var owner = await factory.CreateUserClientAsync();
        var stranger = await factory.CreateUserClientAsync();
        var id = await owner.UploadAudioAsync(RepositoryPaths.Speech("jfk/jfk.wav"));

        await (await stranger.GetAsync($"/v1/audio/download?file={id}", Ct)).AssertProblemAsync(404);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/v1/audio/download?file={id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task AudioFileIdIsNotAnImage()
    {
        var client = await factory.CreateUserClientAsync();
        var id = await client.UploadAudioAsync(RepositoryPaths.Speech("jfk/jfk.wav"));
        await (await client.GetAsync($"/v1/image/download?file={id}", Ct)).AssertProblemAsync(404);
    }

    [Fact]
    public async Task ImageIsNormalisedToPngWithExifOrientationApplied()
    {
        var client = await factory.CreateUserClientAsync();
        var dir = Directory.CreateTempSubdirectory().FullName;
        var jpeg = Path.Combine(dir, "rotated.jpg");
        // A 300x100 picture whose EXIF says "rotate 90° to display": upright it is 100x300.
        var made = await ProcessRunner.RunAsync("/usr/bin/convert",
            ["-size", "300x100", "xc:white", "-fill", "black", "-draw", "rectangle 0,0 60,40", jpeg], Ct);
        Assert.Equal(0, made.ExitCode);
        File.WriteAllBytes(jpeg, WithExifOrientation(File.ReadAllBytes(jpeg), orientation: 6));

        var upload = await client.UploadAsync("/v1/image/upload", jpeg);
        var body = await upload.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        Assert.Equal((100, 300), (body.GetProperty("width").GetInt32(), body.GetProperty("height").GetInt32()));

        var png = await client.GetByteArrayAsync($"/v1/image/download?file={body.GetProperty("file_id").GetString()}", Ct);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }

    /// <summary>Inserts an APP1 EXIF segment holding only the Orientation tag right after the JPEG's SOI marker.</summary>
    private static byte[] WithExifOrientation(byte[] jpeg, byte orientation)
    {
        byte[] tiff =
        [
            (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF header, first IFD at offset 8
            0, 1,                                    // one directory entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, // Orientation, SHORT, count 1, value
            0, 0, 0, 0,                              // no next IFD
        ];
        byte[] exif = [(byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0, .. tiff];
        var length = exif.Length + 2;
        byte[] app1 = [0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. exif];
        return [.. jpeg[..2], .. app1, .. jpeg[2..]];
    }

    [Fact]
    public async Task CorruptImageIsRejected()
    {
        var client = await factory.CreateUserClientAsync();
        var jpegHeaderThenJunk = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }.Concat(Enumerable.Repeat((byte)0x42, 4000)).ToArray();
        await (await client.UploadBytesAsync("/v1/image/upload", jpegHeaderThenJunk, "photo.jpg")).AssertProblemAsync(422);
    }
}

public sealed class UploadLimitTests
{
    [Fact]
    public async Task FileOverTheConfiguredLimitIs413AndLeavesNothing()
    {
        await using var factory = new EarshotFactory(new Dictionary<string, string?> { ["Earshot:MaxUploadBytes"] = "100000" });
        var client = await factory.CreateUserClientAsync();
        var big = RepositoryPaths.Speech("jfk/jfk.wav"); // 352 kB

        await (await client.UploadAsync("/v1/audio/upload", big)).AssertProblemAsync(413, "100000");

        Assert.Empty(factory.StoredFiles());
        Assert.Equal(0, await factory.QueryDbAsync(db => Task.FromResult(db.Files.Count())));
        Assert.Empty(factory.ScratchEntries());
    }

    [Fact]
    public async Task AudioOverTheDurationLimitIsRejected()
    {
        await using var factory = new EarshotFactory(new Dictionary<string, string?> { ["Earshot:MaxAudioSeconds"] = "5" });
        var client = await factory.CreateUserClientAsync();
        var response = await client.UploadAsync("/v1/audio/upload", RepositoryPaths.Speech("jfk/jfk.wav"));
        await response.AssertProblemAsync(422, "limit is 5 s");
        Assert.Empty(factory.StoredFiles());
    }
}
