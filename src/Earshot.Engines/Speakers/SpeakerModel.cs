using System.Globalization;
using Earshot.Audio.Features;
using Earshot.Sdk.Models;

namespace Earshot.Engines.Speakers;

/// <summary>What one recording gives: the raw x-vector (before centring) and how much speech went into it.</summary>
public sealed record SpeakerEmbedding(float[] Xvector, int SpeechFrames, int TotalFrames)
{
    public const double FrameSeconds = 0.01;
    public double SpeechSeconds => SpeechFrames * FrameSeconds;
    public double AudioSeconds => TotalFrames * FrameSeconds;

    /// <summary>Speech-weighted mean of several recordings' x-vectors (Kaldi averages a speaker's x-vectors the same way).</summary>
    public static SpeakerEmbedding Combine(IReadOnlyList<SpeakerEmbedding> parts)
    {
        var dim = parts[0].Xvector.Length;
        var sum = new double[dim];
        var frames = parts.Sum(p => p.SpeechFrames);
        foreach (var p in parts)
            for (var i = 0; i < dim; i++)
                sum[i] += p.Xvector[i] * (double)p.SpeechFrames / frames;
        return new SpeakerEmbedding([.. sum.Select(v => (float)v)], frames, parts.Sum(p => p.TotalFrames));
    }
}

/// <summary>
/// Kaldi's x-vector speaker model (vosk-model-spk-0.4): 8 kHz MFCCs (its <c>mfcc.conf</c>), sliding-window mean
/// normalisation (300 frames, centred), energy VAD keeping voiced frames, the TDNN network over chunks of at most
/// <see cref="ChunkFrames"/> frames, then for scoring: subtract <c>mean.vec</c>, apply <c>transform.mat</c>,
/// length-normalise; the score of two voiceprints is their cosine. Load once; thread-safe.
/// </summary>
public sealed class SpeakerModel
{
    public const string FolderName = "vosk-model-spk-0.4";

    /// <summary>The network pools at most 400 frames (its stats-pooling-0-400 component); longer speech is cut into
    /// equal chunks whose x-vectors are averaged, as Kaldi's extraction does.</summary>
    public const int ChunkFrames = 400;

    private readonly XvectorNetwork _network;
    private readonly KaldiMfcc _mfcc = new(MfccOptions.SpeakerModel);
    private readonly float[] _mean;
    private readonly float[] _transform;

    private SpeakerModel(XvectorNetwork network, float[] mean, float[] transform)
    {
        _network = network;
        _mean = mean;
        _transform = transform;
    }

    public int Dim => _network.EmbeddingDim;

    /// <summary>Fewest voiced frames the network can pool at all (its context); the service sets a higher floor.</summary>
    public int MinSpeechFrames => _network.MinFrames;

    public static SpeakerModel Load(string folder)
    {
        var network = XvectorNetwork.Load(Path.Combine(folder, "final.ext.raw"));
        var mean = ReadTextVector(Path.Combine(folder, "mean.vec"));
        var reader = KaldiBinaryReader.Open(File.ReadAllBytes(Path.Combine(folder, "transform.mat")));
        var transform = reader.ReadMatrix(out var rows, out var cols);
        var dim = network.EmbeddingDim;
        if (mean.Length != dim || rows != dim || cols != dim)
            throw new InvalidDataException($"mean.vec ({mean.Length}) and transform.mat ({rows}×{cols}) must match the {dim}-dim x-vector.");
        return new SpeakerModel(network, mean, transform);
    }

    /// <summary>The front end alone: 8 kHz MFCCs, mean-normalised, voiced frames only (frame-major, 23 per frame).</summary>
    public float[] SpeechFeatures(AudioBuffer audio, out int totalFrames)
    {
        var samples = new float[audio.Samples.Length];
        for (var i = 0; i < samples.Length; i++)
            samples[i] = audio.Samples[i];
        var factor = audio.SampleRate / _mfcc.Options.SampleRate;
        if (factor < 1 || audio.SampleRate % _mfcc.Options.SampleRate != 0)
            throw new ArgumentException($"Audio at {audio.SampleRate} Hz cannot be decimated to {_mfcc.Options.SampleRate} Hz.", nameof(audio));
        var features = _mfcc.Compute(Downsampler.Decimate(samples, factor));
        var dim = _mfcc.Dim;
        totalFrames = features.Length / dim;
        var voiced = FeatureNormalization.EnergyVad(features, dim);
        return FeatureNormalization.Select(FeatureNormalization.SlidingCmn(features, dim), dim, voiced);
    }

    /// <summary>The x-vector of a recording, or null when it holds fewer voiced frames than the network needs.</summary>
    public SpeakerEmbedding? Embed(AudioBuffer audio)
    {
        var speech = SpeechFeatures(audio, out var totalFrames);
        var dim = _mfcc.Dim;
        var frames = speech.Length / dim;
        if (frames < _network.MinFrames)
            return null;

        var chunks = (frames + ChunkFrames - 1) / ChunkFrames;
        var sum = new double[Dim];
        for (var c = 0; c < chunks; c++)
        {
            var from = c * frames / chunks;
            var to = (c + 1) * frames / chunks;
            var x = _network.Embed(speech.AsSpan(from * dim, (to - from) * dim));
            for (var i = 0; i < Dim; i++)
                sum[i] += x[i] * (double)(to - from) / frames;
        }
        return new SpeakerEmbedding([.. sum.Select(v => (float)v)], frames, totalFrames);
    }

    /// <summary>Centred, whitened and length-normalised x-vector: the voiceprint whose dot product is the cosine score.</summary>
    public float[] Voiceprint(SpeakerEmbedding embedding)
    {
        var centred = new double[Dim];
        for (var i = 0; i < Dim; i++)
            centred[i] = embedding.Xvector[i] - _mean[i];
        var result = new double[Dim];
        for (var r = 0; r < Dim; r++)
        {
            var sum = 0.0;
            for (var c = 0; c < Dim; c++)
                sum += _transform[r * Dim + c] * centred[c];
            result[r] = sum;
        }
        var norm = Math.Sqrt(result.Sum(v => v * v));
        return [.. result.Select(v => (float)(norm > 0 ? v / norm : 0))];
    }

    /// <summary>Cosine similarity in [-1, 1]; voiceprints need not be unit length (the seed's compare_vp takes any vectors).</summary>
    public static double Score(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException("Voiceprints differ in length.");
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }

    private static float[] ReadTextVector(string path)
    {
        var text = File.ReadAllText(path).Trim();
        if (!text.StartsWith('[') || !text.EndsWith(']'))
            throw new InvalidDataException($"{path} is not a Kaldi text vector.");
        return [.. text[1..^1].Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Select(s => float.Parse(s, CultureInfo.InvariantCulture))];
    }
}
