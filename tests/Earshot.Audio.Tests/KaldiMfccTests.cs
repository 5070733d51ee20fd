using Earshot.Audio.Features;

namespace Earshot.Audio.Tests;

/// <summary>
/// Kaldi MFCC checked against quantities that follow from Kaldi's documented algorithm: frame counts with snip-edges,
/// the raw log energy of a hand-computed frame, the DCT's orthonormality, the cepstrum of a flat spectrum, and the
/// mel bin a pure tone lands in (found by inverting the lifter and the DCT).
/// </summary>
public sealed class KaldiMfccTests
{
    private static readonly MfccOptions Speaker = MfccOptions.SpeakerModel;

    [Fact]
    public void FramesFollowSnipEdges()
    {
        var mfcc = new KaldiMfcc(Speaker);
        Assert.Equal(200, Speaker.FrameLength);
        Assert.Equal(80, Speaker.FrameShift);
        Assert.Equal(0, mfcc.FrameCount(199));
        Assert.Equal(1, mfcc.FrameCount(279));
        Assert.Equal(2, mfcc.FrameCount(280));
        Assert.Equal(98, mfcc.FrameCount(8000));
        Assert.Equal(98 * 23, mfcc.Compute(new float[8000]).Length);
    }

    [Fact]
    public void MelScaleIsKaldis()
    {
        Assert.Equal(1127 * Math.Log(2), KaldiMfcc.Mel(700), 3);
        Assert.Equal(0, KaldiMfcc.Mel(0), 6);
    }

    [Fact]
    public void C0IsTheRawLogEnergyAfterDcRemoval()
    {
        // ±1000 around an offset of 300: the mean is removed first, so the energy is 200 · 1000² before pre-emphasis
        var samples = Enumerable.Range(0, 200).Select(i => 300f + (i % 2 == 0 ? 1000f : -1000f)).ToArray();
        var features = new KaldiMfcc(Speaker).Compute(samples);
        Assert.Equal(Math.Log(200 * 1e6), features[0], 4);
    }

    [Fact]
    public void ConstantSignalHasFlooredEnergyAndFlatCepstrum()
    {
        // after DC removal the frame is zero: Kaldi floors energies at float epsilon, so every log-mel energy is equal,
        // and the DCT of a constant has nothing but c0
        var features = new KaldiMfcc(Speaker).Compute(Enumerable.Repeat(1234f, 400).ToArray());
        Assert.Equal(Math.Log(1.1920928955078125e-07), features[0], 4);
        for (var c = 1; c < 23; c++)
            Assert.Equal(0, features[c], 4);
    }

    [Fact]
    public void DctRowsAreOrthonormal()
    {
        var dct = KaldiMfcc.Dct(23, 23);
        for (var a = 0; a < 23; a++)
            for (var b = 0; b < 23; b++)
            {
                var dot = 0.0;
                for (var n = 0; n < 23; n++)
                    dot += dct[a, n] * dct[b, n];
                Assert.Equal(a == b ? 1 : 0, dot, 9);
            }
    }

    [Theory]
    [InlineData(300)]
    [InlineData(1000)]
    [InlineData(2500)]
    [InlineData(3500)]
    public void PureToneLandsInTheMelBinCentredNearIt(double hz)
    {
        var options = Speaker with { UseEnergy = false };
        var samples = Enumerable.Range(0, 8000).Select(i => (float)(8000 * Math.Sin(2 * Math.PI * hz * i / 8000))).ToArray();
        var features = new KaldiMfcc(options).Compute(samples);

        // invert lifter and DCT (23 cepstra of 23 bins: the DCT is square and orthonormal)
        var dct = KaldiMfcc.Dct(23, 23);
        var logMel = new double[23];
        for (var n = 0; n < 23; n++)
            for (var k = 0; k < 23; k++)
                logMel[n] += dct[k, n] * features[10 * 23 + k] / (1 + 0.5 * 22 * Math.Sin(Math.PI * k / 22));
        var peak = Array.IndexOf(logMel, logMel.Max());

        double melLow = KaldiMfcc.Mel(20), delta = (KaldiMfcc.Mel(3700) - melLow) / 24;
        var centres = Enumerable.Range(0, 23).Select(b => melLow + (b + 1) * delta).ToArray();
        var nearest = Array.IndexOf(centres, centres.MinBy(c => Math.Abs(c - KaldiMfcc.Mel(hz))));
        Assert.InRange(peak, nearest - 1, nearest + 1);
        Assert.True(logMel[peak] > logMel.Where((_, i) => Math.Abs(i - peak) > 2).Max() + 5, "the tone's bin stands far above bins away from it");
    }
}
