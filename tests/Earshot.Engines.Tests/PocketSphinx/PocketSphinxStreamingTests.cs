using Earshot.Sdk;
using Earshot.Sdk.Models;

namespace Earshot.Engines.Tests.PocketSphinx;

public class PocketSphinxStreamingTests(PocketSphinxFixture fixture)
{
    [Fact]
    public async Task StreamingInSmallPacketsGivesTheBatchWordsAndEndpointsUtterances()
    {
        var audio = await SpeechAudio.LoadAsync(PocketSphinxFixture.Jfk);
        var batch = await fixture.JfkTranscript;

        var utterances = new List<Transcript>();
        var partials = new List<string>();
        using (var stream = fixture.Recognizer.OpenStream(new TranscribeOptions()))
        {
            for (var offset = 0; offset < audio.Samples.Length; offset += 1000)
            {
                var packet = audio.Samples.AsSpan(offset, Math.Min(1000, audio.Samples.Length - offset));
                utterances.AddRange(stream.Accept(packet));
                partials.Add(stream.PartialText);
            }
            utterances.Add(stream.Finish());
            Assert.Throws<InvalidOperationException>(() => stream.Accept(new short[10]));
        }

        Assert.True(utterances.Count(u => u.Words.Count > 0) >= 3, "pauses should end utterances while streaming");
        var streamed = utterances.SelectMany(u => u.Words).ToList();
        var overlap = streamed.Select(w => w.Word).Intersect(batch.Words.Select(w => w.Word)).Count();
        Assert.True(overlap >= 0.9 * batch.Words.Select(w => w.Word).Distinct().Count(), $"stream: \"{string.Join(' ', streamed.Select(w => w.Word))}\" batch: \"{batch.Text}\"");
        // Fixed internal blocks make the packet size irrelevant, so the words and their times match exactly.
        Assert.Equal(batch.Words, streamed);
        Assert.Contains(partials, p => p.Length > 0);
    }

    [Fact]
    public async Task StreamTimesCountFromTheFirstSampleAccepted()
    {
        var audio = await SpeechAudio.LoadAsync(PocketSphinxFixture.Captain);
        var lead = SpeechAudio.Silence(1.5).Samples;

        using var stream = fixture.Recognizer.OpenStream(new TranscribeOptions());
        var utterances = stream.Accept(lead).ToList();
        Assert.Empty(utterances);
        Assert.Equal(string.Empty, stream.PartialText);
        utterances.AddRange(stream.Accept(audio.Samples));
        utterances.Add(stream.Finish());

        var words = utterances.SelectMany(u => u.Words).ToList();
        Assert.Contains(words, w => w.Word == "scenery");
        Assert.True(words[0].Start >= 1.5, $"first word at {words[0].Start}s, inside the leading silence");
        Assert.InRange(words[^1].End, 1.5 + audio.DurationSeconds - 1.0, 1.5 + audio.DurationSeconds);
    }
}
