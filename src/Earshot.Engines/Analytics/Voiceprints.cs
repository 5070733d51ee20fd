using Earshot.Engines.Speakers;
using Earshot.Sdk.Models;

namespace Earshot.Engines.Analytics;

/// <summary>The x-vector voiceprint of a speech segment (its blocks' kept samples), for the gender classifier.</summary>
public static class Voiceprints
{
    /// <summary>
    /// At most this many blocks (3 s), from the middle of the segment, go into the x-vector: three seconds tell a voice's
    /// gender as well as ten, and the network is most of the cost of the analytics models.
    /// </summary>
    public const int MaxBlocks = 47;

    /// <summary>Null without a model, without kept samples, or when the audio holds too little voiced speech for the network.</summary>
    public static float[]? Of(SpeakerModel? model, IReadOnlyList<BlockFeatures> blocks)
    {
        if (model is null || blocks.Count == 0 || blocks.Any(b => b.Pcm is null))
            return null;
        var count = Math.Min(blocks.Count, MaxBlocks);
        var first = (blocks.Count - count) / 2;
        var samples = new short[count * BlockFeatures.Samples];
        for (var i = 0; i < count; i++)
            blocks[first + i].Pcm!.CopyTo(samples, i * BlockFeatures.Samples);
        return model.Embed(new AudioBuffer(samples)) is { } embedding ? model.Voiceprint(embedding) : null;
    }
}
