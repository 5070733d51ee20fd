namespace Earshot.Engines.PocketSphinx;

/// <summary>An utterance the decoder finished: where it lies in the session's samples and its best path.</summary>
internal sealed record DecodedUtterance(long StartSample, long EndSample, IReadOnlyList<DecodedSegment> Segments);

/// <summary>
/// Drives one decoder over a sequence of samples, for a batch request or a stream alike. Audio is processed in
/// fixed blocks so the result does not depend on how the caller slices it; the voice activity detector decides
/// where utterances start and end; before every block the decoder's cepstral mean is set to the mean of all
/// speech seen so far in this session, so results depend on this audio only, not on earlier use of the decoder.
/// </summary>
internal sealed class UtteranceSession
{
    public const int BlockSamples = 800;

    private readonly NativeDecoder decoder;
    private readonly bool splitAtPauses;
    private readonly long maxUtteranceSamples;
    private readonly SampleHistory history;
    private readonly double[] cepstrumSums;
    private readonly float[] mean;
    private readonly short[] pending = new short[BlockSamples];
    private int pendingCount;
    private long speechFrames;
    private long utteranceStart = -1;
    private long lastUtteranceEnd;

    /// <param name="splitAtPauses">End an utterance at every pause the detector reports; otherwise the whole session is one utterance.</param>
    public UtteranceSession(NativeDecoder decoder, bool splitAtPauses, double maxUtteranceSeconds)
    {
        this.decoder = decoder;
        this.splitAtPauses = splitAtPauses;
        maxUtteranceSamples = (long)(maxUtteranceSeconds * decoder.SampleRate);
        history = new SampleHistory(2 * decoder.SampleRate);
        cepstrumSums = new double[decoder.CepstrumSize];
        mean = new float[decoder.CepstrumSize];
        decoder.BeginSession();
    }

    public int SampleRate => decoder.SampleRate;
    public int FramesPerSecond => decoder.FramesPerSecond;
    public bool InUtterance => utteranceStart >= 0;

    /// <summary>Whether the detector has heard any speech at all in this session.</summary>
    public bool HeardSpeech => speechFrames > 0;

    public string PartialText => InUtterance ? decoder.Hypothesis() : string.Empty;

    /// <summary>Processes whole blocks of <paramref name="samples"/> (keeping the rest for later); adds finished utterances to <paramref name="finished"/>.</summary>
    public void Accept(ReadOnlySpan<short> samples, List<DecodedUtterance> finished, CancellationToken cancellationToken = default)
    {
        while (!samples.IsEmpty)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (pendingCount == 0 && samples.Length >= BlockSamples)
            {
                ProcessBlock(samples[..BlockSamples], finished);
                samples = samples[BlockSamples..];
                continue;
            }
            var count = Math.Min(BlockSamples - pendingCount, samples.Length);
            samples[..count].CopyTo(pending.AsSpan(pendingCount));
            pendingCount += count;
            samples = samples[count..];
            if (pendingCount == BlockSamples)
            {
                pendingCount = 0;
                ProcessBlock(pending, finished);
            }
        }
    }

    /// <summary>Processes what is left and ends the open utterance.</summary>
    public void Finish(List<DecodedUtterance> finished)
    {
        if (pendingCount > 0)
        {
            var rest = pendingCount;
            pendingCount = 0;
            ProcessBlock(pending.AsSpan(0, rest), finished);
        }
        if (InUtterance)
            finished.Add(EndUtterance());
    }

    /// <summary>Leaves the decoder ready for its next user after an interrupted session.</summary>
    public void Abandon()
    {
        if (!InUtterance || decoder.Faulted)
            return;
        try
        {
            decoder.EndUtterance();
        }
        catch (InvalidOperationException)
        {
            // Fault() has flagged the decoder; the pool frees it.
        }
        utteranceStart = -1;
    }

    private void ProcessBlock(ReadOnlySpan<short> block, List<DecodedUtterance> finished)
    {
        history.Append(block);
        var blockStart = history.End - block.Length;
        var activity = decoder.DetectSpeech(block, cepstrumSums);
        speechFrames += activity.SpeechFrames;

        if (!splitAtPauses)
        {
            if (!InUtterance)
                StartUtterance(blockStart);
            Feed(block);
            return;
        }

        if (InUtterance)
        {
            Feed(block);
        }
        else if (activity.SpeechFrames > 0)
        {
            var start = activity.FirstFrameIndex == int.MinValue
                ? blockStart
                : Math.Clamp((long)activity.FirstFrameIndex * decoder.SamplesPerFrame, Math.Max(lastUtteranceEnd, history.Start), blockStart);
            StartUtterance(start);
            Feed(history.CopyFrom(start));
        }

        if (InUtterance && (!activity.InSpeech || history.End - utteranceStart >= maxUtteranceSamples))
            finished.Add(EndUtterance());
    }

    private void StartUtterance(long startSample)
    {
        decoder.StartUtterance();
        utteranceStart = startSample;
    }

    private void Feed(ReadOnlySpan<short> samples)
    {
        if (speechFrames > 0)
        {
            for (var i = 0; i < mean.Length; i++)
                mean[i] = (float)(cepstrumSums[i] / speechFrames);
            decoder.SetCepstralMean(mean);
        }
        else
        {
            decoder.SetCepstralMean(decoder.InitialCepstralMean);
        }
        decoder.Process(samples);
    }

    private DecodedUtterance EndUtterance()
    {
        decoder.EndUtterance();
        var utterance = new DecodedUtterance(utteranceStart, history.End, decoder.Segments());
        lastUtteranceEnd = history.End;
        utteranceStart = -1;
        return utterance;
    }
}
