using Earshot.Engines.Reading;
using Earshot.Sdk;
using Earshot.Sdk.Models;

namespace Earshot.Engines.Tests.Reading;

/// <summary>Cutting a long recording into stretches of bounded length at pauses.</summary>
public sealed class ReadingStretchesTests
{
    private static readonly PageReadingOptions Options = new() { MinStretchSeconds = 4, MaxStretchSeconds = 12 };

    /// <summary>A tone where <paramref name="speech"/> says, silence elsewhere.</summary>
    private static AudioBuffer Audio(double seconds, params TimeSpan2[] speech)
    {
        var samples = new short[(int)(seconds * 16_000)];
        foreach (var s in speech)
        {
            for (var i = (int)(s.Start * 16_000); i < (int)(s.End * 16_000); i++)
                samples[i] = (short)(8000 * Math.Sin(i * 0.2));
        }
        return new AudioBuffer(samples);
    }

    [Fact]
    public void Stretches_cover_the_recording_and_end_at_the_longest_pause_in_reach()
    {
        TimeSpan2[] speech = [new(0, 3), new(3.2, 7), new(8, 11), new(11.3, 14), new(14.2, 20)];

        var stretches = ReadingStretches.Cut(Audio(20, speech), speech, Options);

        // 7–8 s is the longest pause 4–12 s in; from 7.5 s the rest (12.5 s) is too long, and 14–14.2 s is the only
        // pause 11.5–19.5 s in (11–11.3 s, longer, is out of reach)
        Assert.Equal([new SampleRange(0, 120_000), new SampleRange(120_000, 225_600), new SampleRange(225_600, 320_000)], stretches);
    }

    [Fact]
    public void Without_pauses_a_stretch_ends_at_the_quietest_moment_in_reach()
    {
        var audio = Audio(30, new TimeSpan2(0, 9), new TimeSpan2(9.1, 30));

        var stretches = ReadingStretches.Cut(audio, speech: null, Options);

        Assert.InRange(stretches[0].End, (int)(9.0 * 16_000), (int)(9.1 * 16_000));
        Assert.All(stretches, s => Assert.InRange(s.Length, 1, 12 * 16_000));
        Assert.All(stretches.Zip(stretches.Skip(1)), p => Assert.Equal(p.First.End, p.Second.Start));
        Assert.Equal((0, audio.Samples.Length), (stretches[0].Start, stretches[^1].End));
    }

    [Fact]
    public void A_recording_no_longer_than_a_stretch_is_one_stretch()
    {
        var stretches = ReadingStretches.Cut(Audio(12, new TimeSpan2(0, 12)), [new TimeSpan2(0, 12)], Options);

        Assert.Equal([new SampleRange(0, 192_000)], stretches);
    }
}
