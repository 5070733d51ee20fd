using Earshot.Sdk;
using Earshot.Sdk.Models;

namespace Earshot.Engines.PocketSphinx;

/// <summary>A live session that borrows a pooled decoder per utterance. Word times count from the first sample accepted.</summary>
internal sealed class PocketSphinxStream(UtteranceSession session) : ISpeechStream
{
    private readonly Lock gate = new();
    private bool finished;
    private bool disposed;

    public string PartialText
    {
        get
        {
            lock (gate)
                return finished || disposed ? string.Empty : session.PartialText;
        }
    }

    public IReadOnlyList<Transcript> Accept(ReadOnlySpan<short> samples)
    {
        lock (gate)
        {
            ThrowIfClosed();
            var utterances = new List<DecodedUtterance>();
            try
            {
                session.Accept(samples, utterances);
            }
            catch
            {
                session.Abandon();
                throw;
            }
            return utterances.Select(u => TranscriptAssembler.FromUtterances([u], session.SampleRate, session.FramesPerSecond))
                .Where(t => t.Words.Count > 0).ToList();
        }
    }

    public Transcript Finish()
    {
        lock (gate)
        {
            ThrowIfClosed();
            finished = true;
            var utterances = new List<DecodedUtterance>();
            try
            {
                session.Finish(utterances);
            }
            catch
            {
                session.Abandon();
                throw;
            }
            return TranscriptAssembler.FromUtterances(utterances, session.SampleRate, session.FramesPerSecond);
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (disposed)
                return;
            disposed = true;
            session.Dispose();
        }
    }

    private void ThrowIfClosed()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (finished)
            throw new InvalidOperationException("The stream has been finished.");
    }
}
