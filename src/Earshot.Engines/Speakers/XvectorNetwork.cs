namespace Earshot.Engines.Speakers;

/// <summary>
/// Forward pass of a Kaldi TDNN x-vector network (the callhome_diarization v2 recipe): spliced affine layers, each
/// followed by ReLU and batch norm in test mode, mean + standard-deviation statistics pooling over the frames, and
/// the embedding affine layer (<c>tdnn6.affine</c>, whose output is the x-vector). The layer list, splice offsets
/// and pooling are read from the network file; loaded once, read-only afterwards, so one instance serves all threads.
/// </summary>
public sealed class XvectorNetwork
{
    private readonly TdnnLayer[] _layers;
    private readonly Affine _embedding;
    private readonly double _varianceFloor;

    private XvectorNetwork(int inputDim, TdnnLayer[] layers, Affine embedding, double varianceFloor)
    {
        InputDim = inputDim;
        _layers = layers;
        _embedding = embedding;
        _varianceFloor = varianceFloor;
        LeftContext = -layers.Sum(l => l.Offsets.Min());
        RightContext = layers.Sum(l => l.Offsets.Max());
    }

    public int InputDim { get; }
    public int EmbeddingDim => _embedding.Outputs;
    public int LeftContext { get; }
    public int RightContext { get; }

    /// <summary>Fewest input frames that give one pooled frame.</summary>
    public int MinFrames => LeftContext + RightContext + 1;

    public static XvectorNetwork Load(string path)
    {
        var file = Nnet3File.Read(path);
        var inputLine = file.ConfigLines.FirstOrDefault(l => l.StartsWith("input-node name=input ", StringComparison.Ordinal))
            ?? throw new InvalidDataException("The network has no input node.");
        var inputDim = int.Parse(inputLine[(inputLine.IndexOf("dim=", StringComparison.Ordinal) + 4)..].Split(' ')[0]);

        var layers = new List<TdnnLayer>();
        var dim = inputDim;
        for (var n = 1; file.Components.ContainsKey($"tdnn{n}.affine") && file.Components.ContainsKey($"tdnn{n}.batchnorm")
             && !file.InputOf($"tdnn{n}.affine").Contains("stats", StringComparison.Ordinal); n++)
        {
            var offsets = Nnet3File.SpliceOffsets(file.InputOf($"tdnn{n}.affine"));
            var affine = Affine.From(file.Components[$"tdnn{n}.affine"], dim * offsets.Length);
            var norm = file.Components[$"tdnn{n}.batchnorm"];
            if (file.Components[$"tdnn{n}.relu"].Type != "RectifiedLinearComponent" || norm.Type != "BatchNormComponent")
                throw new InvalidDataException($"Layer tdnn{n} is not affine + ReLU + batch norm.");
            layers.Add(new TdnnLayer(offsets, affine, BatchNorm(norm, affine.Outputs)));
            dim = affine.Outputs;
        }
        if (layers.Count == 0)
            throw new InvalidDataException("The network has no TDNN layers.");

        var pooling = file.Components.Values.SingleOrDefault(c => c.Type == "StatisticsPoolingComponent")
            ?? throw new InvalidDataException("The network has no statistics pooling.");
        if (pooling.Flags.GetValueOrDefault("OutputStddevs") != true || pooling.Number("NumLogCountFeatures") != 0)
            throw new InvalidDataException("Expected mean + stddev pooling without log-count features.");
        var embeddingName = file.ConfigLines.First(l => l.StartsWith("output-node name=output ", StringComparison.Ordinal))
            .Split(' ').First(p => p.StartsWith("input=", StringComparison.Ordinal))["input=".Length..];
        var embedding = Affine.From(file.Components[embeddingName], 2 * dim);
        return new XvectorNetwork(inputDim, [.. layers], embedding, pooling.Number("VarianceFloor"));
    }

    /// <summary>
    /// The x-vector of one chunk of normalised features (frame-major, <see cref="InputDim"/> per frame): every layer
    /// is computed only where its whole context lies inside the chunk, as Kaldi does, then the last layer's frames
    /// are pooled.
    /// </summary>
    public float[] Embed(ReadOnlySpan<float> features)
    {
        var frames = features.Length / InputDim;
        if (frames < MinFrames)
            throw new ArgumentException($"A chunk needs at least {MinFrames} frames; got {frames}.", nameof(features));
        var current = features.ToArray();
        var dim = InputDim;
        foreach (var layer in _layers)
        {
            current = layer.Forward(current, frames, dim, out frames);
            dim = layer.Affine.Outputs;
        }

        var pooled = new float[Gemm.Pad(2 * dim)];
        for (var d = 0; d < dim; d++)
        {
            double sum = 0, squares = 0;
            for (var t = 0; t < frames; t++)
            {
                double v = current[t * dim + d];
                sum += v;
                squares += v * v;
            }
            var mean = sum / frames;
            pooled[d] = (float)mean;
            pooled[dim + d] = (float)Math.Sqrt(Math.Max(squares / frames - mean * mean, _varianceFloor));
        }
        var xvector = new float[_embedding.Outputs];
        Gemm.Multiply(pooled, 1, _embedding.Weights, _embedding.Outputs, _embedding.PaddedInputs, _embedding.Bias, xvector);
        return xvector;
    }

    private static (float[] Scale, float[] Offset) BatchNorm(Nnet3Component c, int dim)
    {
        var mean = c.Array("StatsMean");
        var variance = c.Array("StatsVar");
        if (mean.Length != dim || c.Number("BlockDim") != dim)
            throw new InvalidDataException($"Batch norm {c.Name} does not match its layer ({dim}).");
        var epsilon = c.Number("Epsilon");
        var targetRms = c.Number("TargetRms");
        var scale = new float[dim];
        var offset = new float[dim];
        for (var i = 0; i < dim; i++)
        {
            scale[i] = (float)(targetRms / Math.Sqrt(variance[i] + epsilon));
            offset[i] = -mean[i] * scale[i];
        }
        return (scale, offset);
    }

    private sealed record Affine(float[] Weights, float[] Bias, int Outputs, int Inputs, int PaddedInputs)
    {
        public static Affine From(Nnet3Component c, int expectedInputs)
        {
            var linear = c.Array("LinearParams");
            var (rows, cols) = c.Shapes["LinearParams"];
            if (cols != expectedInputs)
                throw new InvalidDataException($"{c.Name} takes {cols} inputs; its input provides {expectedInputs}.");
            var bias = c.Array("BiasParams");
            if (bias.Length != rows)
                throw new InvalidDataException($"{c.Name} has {rows} outputs but {bias.Length} biases.");
            var padded = Gemm.Pad(cols);
            var weights = new float[rows * padded];
            for (var r = 0; r < rows; r++)
                linear.AsSpan(r * cols, cols).CopyTo(weights.AsSpan(r * padded));
            return new Affine(weights, bias, rows, cols, padded);
        }
    }

    private sealed record TdnnLayer(int[] Offsets, Affine Affine, (float[] Scale, float[] Offset) Norm)
    {
        public float[] Forward(float[] input, int frames, int dim, out int outFrames)
        {
            var left = -Offsets.Min();
            outFrames = frames - left - Offsets.Max();
            var k = Affine.PaddedInputs;
            var spliced = new float[outFrames * k];
            for (var t = 0; t < outFrames; t++)
                for (var j = 0; j < Offsets.Length; j++)
                    input.AsSpan((t + left + Offsets[j]) * dim, dim).CopyTo(spliced.AsSpan(t * k + j * dim));
            var outputs = Affine.Outputs;
            var result = new float[outFrames * outputs];
            Gemm.Multiply(spliced, outFrames, Affine.Weights, outputs, k, Affine.Bias, result);
            var (scale, offset) = Norm;
            for (var t = 0; t < outFrames; t++)
            {
                var row = result.AsSpan(t * outputs, outputs);
                for (var o = 0; o < outputs; o++)
                    row[o] = MathF.Max(row[o], 0) * scale[o] + offset[o];
            }
            return result;
        }
    }
}
