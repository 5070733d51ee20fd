using Earshot.Engines.Speakers;
using Earshot.Sdk.Models;

namespace Earshot.Engines.Analytics;

/// <summary>The x-vector voiceprint of a run of blocks (their kept samples), for the gender classifier.</summary>
public static class Voiceprints
{
    /// <summary>Null without a model, without kept samples, or when the audio holds too little voiced speech for the network.</summary>
    public static float[]? Of(SpeakerModel? model, IReadOnlyList<BlockFeatures> blocks)
    {
        if (model is null || blocks.Any(b => b.Pcm is null))
            return null;
        var samples = new short[blocks.Count * BlockFeatures.Samples];
        for (var i = 0; i < blocks.Count; i++)
            blocks[i].Pcm!.CopyTo(samples, i * BlockFeatures.Samples);
        return model.Embed(new AudioBuffer(samples)) is { } embedding ? model.Voiceprint(embedding) : null;
    }
}
