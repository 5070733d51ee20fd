using Earshot.Engines.Tests.SileroVad;
using Earshot.Engines.Speakers;
using Earshot.Sdk.Models;
using Earshot.Testing;

namespace Earshot.Engines.Tests.Speakers;

/// <summary>The installed vosk-model-spk-0.4, loaded once for these tests.</summary>
public sealed class SpeakerModelFixture
{
    public static string Folder => Path.Combine(RepositoryPaths.Models, SpeakerModel.FolderName);

    public SpeakerModel Model { get; } = SpeakerModel.Load(Folder);
}

public sealed class SpeakerModelTests(SpeakerModelFixture fixture) : IClassFixture<SpeakerModelFixture>
{
    [Fact]
    public void NetworkIsTheCallhomeXvectorTdnn()
    {
        var network = XvectorNetwork.Load(Path.Combine(SpeakerModelFixture.Folder, "final.ext.raw"));
        Assert.Equal(23, network.InputDim);
        Assert.Equal(128, network.EmbeddingDim);
        // splices ±2, ±2, ±3 then two 1-frame layers
        Assert.Equal(7, network.LeftContext);
        Assert.Equal(7, network.RightContext);
        Assert.Equal(15, network.MinFrames);
    }

    [Fact]
    public async Task SameSpeakerScoresAboveADifferentSpeaker()
    {
        var a1 = await Voiceprint("librispeech/3752-4944-0000.flac");
        var a2 = await Voiceprint("librispeech/3752-4944-0001.flac");
        var b = await Voiceprint("librispeech/1988-24833-0000.flac");
        var c = await Voiceprint("librispeech/2412-153948-0002.flac");

        Assert.Equal(1, Math.Sqrt(a1.Sum(v => (double)v * v)), 4);
        var same = SpeakerModel.Score(a1, a2);
        Assert.True(same > 0.5, $"same speaker {same:F3}");
        Assert.True(SpeakerModel.Score(a1, b) < same - 0.3, $"different speaker {SpeakerModel.Score(a1, b):F3} vs same {same:F3}");
        Assert.True(SpeakerModel.Score(a1, c) < same - 0.3, $"different speaker {SpeakerModel.Score(a1, c):F3} vs same {same:F3}");
    }

    [Fact]
    public void SilenceGivesNoEmbedding()
    {
        Assert.Null(fixture.Model.Embed(new AudioBuffer(new short[16000 * 3])));
        Assert.Null(fixture.Model.Embed(new AudioBuffer(new short[100])));
    }

    [Fact]
    public async Task LongSpeechIsEmbeddedInChunksThatAgreeWithTheWhole()
    {
        var audio = await SileroVadFixture.LoadAsync("librispeech/2412-153948-0000.flac");
        var embedding = fixture.Model.Embed(audio)!;
        Assert.True(embedding.SpeechFrames > SpeakerModel.ChunkFrames, "the clip needs more than one chunk");
        var firstHalf = fixture.Model.Embed(audio.Slice(0, audio.DurationSeconds / 2))!;
        Assert.True(SpeakerModel.Score(fixture.Model.Voiceprint(embedding), fixture.Model.Voiceprint(firstHalf)) > 0.8);
    }

    private async Task<float[]> Voiceprint(string file)
    {
        var embedding = fixture.Model.Embed(await SileroVadFixture.LoadAsync(file));
        Assert.NotNull(embedding);
        return fixture.Model.Voiceprint(embedding);
    }
}

public sealed class VerificationMetricsTests
{
    [Fact]
    public void EqualErrorRateIsWhereMissesMeetFalseAccepts()
    {
        // targets 0.9 0.8 0.7 0.3, non-targets 0.6 0.4 0.2 0.1: accepting scores ≥ 0.6 misses one target (0.3) and
        // accepts one non-target (0.6): 25 % each (at 0.4 two non-targets pass)
        var (eer, threshold) = VerificationMetrics.EqualErrorRate([0.9, 0.8, 0.7, 0.3], [0.6, 0.4, 0.2, 0.1]);
        Assert.Equal(0.25, eer, 9);
        Assert.Equal(0.6, threshold, 9);
        Assert.Equal(0, VerificationMetrics.EqualErrorRate([0.9, 0.8], [0.1, 0.2]).Eer);
    }

    [Fact]
    public void MinimumDetectionCostWeighsFalseAcceptsByPriors()
    {
        // p_target 0.01: one false accept in four costs 0.25 · 0.99 / 0.01 = 24.75, so the best is to miss instead;
        // rejecting everything costs 1 (all targets missed); threshold 0.65 misses one target in four: 0.25
        var (cost, threshold) = VerificationMetrics.MinDetectionCost([0.9, 0.8, 0.7, 0.3], [0.6, 0.4, 0.2, 0.1]);
        Assert.Equal(0.25, cost, 9);
        Assert.Equal(0.7, threshold, 9);
    }
}
