using Earshot.Engines.Whisper;
using Earshot.Sdk;
using Whisper.net;

namespace Earshot.Engines.Tests.Whisper;

/// <summary>The result plumbing on segments shaped as Whisper.net returns them (the test model itself says nothing).</summary>
public sealed class WhisperTranscriptsTests
{
    private static WhisperToken Token(string text, long startCs, long endCs, float probability) =>
        new() { Text = text, Start = startCs, End = endCs, Probability = probability };

    private static SegmentData Segment(string text, double start, double end, params WhisperToken[] tokens) =>
        new(text, TimeSpan.FromSeconds(start), TimeSpan.FromSeconds(end), 0.5f, 1f, 0.8f, 0.01f, "en", tokens);

    [Fact]
    public void SubWordTokensBecomeWordsWithTokenTimesAndJointProbability()
    {
        var transcript = WhisperTranscripts.From(
        [
            Segment(" And so, my fellow Americans.", 0.0, 3.0,
                Token("[_BEG_]", 0, 0, 1f), Token(" And", 30, 60, 0.9f), Token(" so", 60, 80, 0.8f), Token(",", 80, 85, 1f),
                Token(" my", 100, 120, 0.5f), Token(" fell", 120, 150, 0.9f), Token("ow", 150, 170, 0.5f),
                Token(" Americans", 180, 260, 0.7f), Token(".", 260, 262, 1f), Token("[_TT_150]", 300, 300, 1f)),
        ], audioSeconds: 3.5);

        Assert.Equal("And so, my fellow Americans.", transcript.Text);
        Assert.Equal([new TranscriptSegment(0, 3, "And so, my fellow Americans.")], transcript.Segments);
        Assert.Equal(["And", "so", "my", "fellow", "Americans"], transcript.Words.Select(w => w.Word));
        var fellow = transcript.Words[3];
        Assert.Equal((1.2, 1.7), (fellow.Start, fellow.End));
        Assert.Equal(0.45, fellow.Confidence, 3);
        Assert.All(transcript.Words, w => Assert.True(w.Start <= w.End));
    }

    [Fact]
    public void NonSpeechAnnotationsAreDroppedAndTimesStayInsideTheAudio()
    {
        var transcript = WhisperTranscripts.From(
        [
            Segment(" [BLANK_AUDIO]", 0, 2),
            Segment(" Hello", 2.0, 9.0, Token(" Hello", 210, 900, 0.9f)),
        ], audioSeconds: 4);

        Assert.Equal("Hello", transcript.Text);
        Assert.Equal(new TranscriptSegment(2, 4, "Hello"), Assert.Single(transcript.Segments));
        Assert.Equal(new RecognizedWord("Hello", 2.1, 4, 0.9f), Assert.Single(transcript.Words));
    }

    [Fact]
    public void StreamChunksAreShiftedAndJoined()
    {
        var chunk = WhisperTranscripts.From([Segment(" yes", 0, 1, Token(" yes", 10, 50, 1f))], 1);
        var joined = WhisperTranscripts.Join([WhisperTranscripts.Shift(chunk, 10), Transcript.Empty, WhisperTranscripts.Shift(chunk, 20)]);

        Assert.Equal("yes yes", joined.Text);
        Assert.Equal([10.1, 20.1], joined.Words.Select(w => w.Start));
        Assert.Equal([10.0, 20.0], joined.Segments.Select(s => s.Start));
        Assert.Same(Transcript.Empty, WhisperTranscripts.Join([Transcript.Empty]));
    }
}
