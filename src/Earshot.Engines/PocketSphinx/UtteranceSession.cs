namespace Earshot.Engines.PocketSphinx;

/// <summary>An utterance the decoder finished: where it lies in the session's samples and its best path.</summary>
internal sealed record DecodedUtterance(long StartSample, long EndSample, IReadOnlyList<DecodedSegment> Segments);

/// <summary>
/// Decodes a sequence of samples, for a batch request or a stream alike. Audio is processed in fixed blocks so the
/// result does not depend on how the caller slices it; the session's own voice activity detector decides where
/// utterances start and end, and each utterance gets a decoder from the <see cref="IDecoderSource"/> (held for the
/// whole session, or borrowed per utterance); before every block the decoder's cepstral mean is set to the mean of all
/// speech seen so far in this session, so results depend on this audio only, not on which decoder ran or what it ran before.
/// </summary>
internal sealed class UtteranceSession : IDisposable
{
    public const int BlockSamples = 800;

    private readonly SpeechDetectorSettings settings;
    private readonly SpeechDetector detector;
    private readonly IDecoderSource decoders;
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
    private NativeDecoder? decoder;

    /// <param name="splitAtPauses">End an utterance at every pause the detector reports; otherwise the whole session is one utterance.</param>
    public UtteranceSession(SpeechDetectorSettings settings, IDecoderSource decoders, bool splitAtPauses, double maxUtteranceSeconds)
    {
        this.settings = settings;
        this.decoders = decoders;
        this.splitAtPauses = splitAtPauses;
        maxUtteranceSamples = (long)(maxUtteranceSeconds * settings.SampleRate);
        history = new SampleHistory(2 * settings.SampleRate);
        detector = new SpeechDetector(settings);
        cepstrumSums = new double[detector.CepstrumSize];
        mean = new float[detector.CepstrumSize];
    }

    public int SampleRate => settings.SampleRate;
    public int FramesPerSecond => settings.FramesPerSecond;
    public bool InUtterance => decoder is not null;

    /// <summary>Whether the detector has heard any speech at all in this session.</summary>
    public bool HeardSpeech => speechFrames > 0;

    public string PartialText => decoder?.Hypothesis() ?? string.Empty;

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

    /// <summary>Ends an interrupted utterance and gives its decoder back, ready for its next user.</summary>
    public void Abandon()
    {
        if (decoder is not { } current)
            return;
        try
        {
            if (!current.Faulted)
                current.EndUtterance();
        }
        catch (InvalidOperationException)
        {
            // Fault() has flagged the decoder; the pool frees it.
        }
        finally
        {
            GiveBack(current);
        }
    }

    /// <summary>Abandons any open utterance and frees the detector.</summary>
    public void Dispose()
    {
        Abandon();
        detector.Dispose();
    }

    private void ProcessBlock(ReadOnlySpan<short> block, List<DecodedUtterance> finished)
    {
        history.Append(block);
        var blockStart = history.End - block.Length;
        var activity = detector.Detect(block, cepstrumSums);
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
                : Math.Clamp((long)activity.FirstFrameIndex * settings.SamplesPerFrame, Math.Max(lastUtteranceEnd, history.Start), blockStart);
            StartUtterance(start);
            Feed(history.CopyFrom(start));
        }

        if (InUtterance && (!activity.InSpeech || history.End - utteranceStart >= maxUtteranceSamples))
            finished.Add(EndUtterance());
    }

    private void StartUtterance(long startSample)
    {
        var acquired = decoders.Acquire();
        try
        {
            acquired.StartUtterance();
        }
        catch
        {
            decoders.Release(acquired);
            throw;
        }
        decoder = acquired;
        utteranceStart = startSample;
    }

    private void Feed(ReadOnlySpan<short> samples)
    {
        var current = decoder!;
        if (speechFrames > 0)
        {
            for (var i = 0; i < mean.Length; i++)
                mean[i] = (float)(cepstrumSums[i] / speechFrames);
            current.SetCepstralMean(mean);
        }
        else
        {
            current.SetCepstralMean(current.InitialCepstralMean);
        }
        current.Process(samples);
    }

    private DecodedUtterance EndUtterance()
    {
        var current = decoder!;
        try
        {
            current.EndUtterance();
            var utterance = new DecodedUtterance(utteranceStart, history.End, current.Segments());
            lastUtteranceEnd = history.End;
            return utterance;
        }
        finally
        {
            GiveBack(current);
        }
    }

    /// <summary>Closes the utterance's bookkeeping and returns its decoder to the source (a no-op for a held one).</summary>
    private void GiveBack(NativeDecoder current)
    {
        decoder = null;
        utteranceStart = -1;
        decoders.Release(current);
    }
}
