using Earshot.Engines.Analytics;

namespace Earshot.Lab;

/// <summary>Settings of <see cref="MlpTrainer"/>.</summary>
public sealed record MlpSettings(int Hidden = 32, int Epochs = 80, int Batch = 64, float LearningRate = 0.003f, float L2 = 1e-3f, int Seed = 7);

/// <summary>
/// Trains a one-hidden-layer ReLU network with a softmax output (no hidden layer when Hidden = 0) by Adam on
/// class-balanced cross-entropy with L2 weight decay. Deterministic for a given seed and window order.
/// </summary>
public static class MlpTrainer
{
    public static DenseClassifier Train(string name, string[] classes, IReadOnlyList<LabelledWindow> windows, MlpSettings settings,
        string? input = null)
    {
        var inputs = windows.Select(w => w.InputFor(input)).ToList();
        windows = windows.Where((_, i) => inputs[i] is not null).ToList();
        var rows = inputs.OfType<float[]>().ToList();
        var n = windows.Count;
        var d = rows[0].Length;
        var mean = new float[d];
        var scale = new float[d];
        for (var j = 0; j < d; j++)
        {
            double sum = 0, squares = 0;
            foreach (var row in rows)
            {
                sum += row[j];
                squares += row[j] * row[j];
            }
            mean[j] = (float)(sum / n);
            scale[j] = (float)Math.Max(1e-4, Math.Sqrt(Math.Max(0, squares / n - mean[j] * (double)mean[j])));
        }
        var x = rows.Select(r => r.Select((v, j) => (v - mean[j]) / scale[j]).ToArray()).ToArray();
        var y = windows.Select(w => Array.IndexOf(classes, w.Label)).ToArray();
        var counts = classes.Select((_, c) => y.Count(v => v == c)).ToArray();
        var classWeight = counts.Select(c => c == 0 ? 0f : (float)n / (classes.Length * c)).ToArray();

        var random = new Random(settings.Seed);
        var sizes = settings.Hidden > 0 ? new[] { d, settings.Hidden, classes.Length } : new[] { d, classes.Length };
        var layers = new Param[sizes.Length - 1];
        for (var l = 0; l < layers.Length; l++)
            layers[l] = new Param(sizes[l + 1], sizes[l], random);

        var order = Enumerable.Range(0, n).ToArray();
        var step = 0;
        for (var epoch = 0; epoch < settings.Epochs; epoch++)
        {
            random.Shuffle(order);
            for (var start = 0; start < n; start += settings.Batch)
            {
                foreach (var layer in layers)
                    layer.ZeroGrad();
                var end = Math.Min(n, start + settings.Batch);
                for (var b = start; b < end; b++)
                {
                    var i = order[b];
                    Backprop(layers, x[i], y[i], classWeight[y[i]] / (end - start));
                }
                step++;
                foreach (var layer in layers)
                    layer.AdamStep(settings.LearningRate, settings.L2, step);
            }
        }
        return new DenseClassifier
        {
            Name = name, Input = input, Classes = classes, Mean = mean, Scale = scale,
            Layers = layers.Select((p, l) => new DenseLayer(p.Rows(), p.B.ToArray(), l == layers.Length - 1 ? "softmax" : "relu")).ToArray(),
        };
    }

    private static void Backprop(Param[] layers, float[] input, int label, float weight)
    {
        var activations = new float[layers.Length + 1][];
        activations[0] = input;
        for (var l = 0; l < layers.Length; l++)
        {
            var z = layers[l].Forward(activations[l]);
            if (l < layers.Length - 1)
            {
                for (var i = 0; i < z.Length; i++)
                    z[i] = Math.Max(0, z[i]);
            }
            else
            {
                DenseClassifier.Softmax(z);
            }
            activations[l + 1] = z;
        }
        var delta = activations[^1].ToArray();
        delta[label] -= 1;
        for (var i = 0; i < delta.Length; i++)
            delta[i] *= weight;
        for (var l = layers.Length - 1; l >= 0; l--)
        {
            var below = layers[l].Backward(activations[l], delta);
            if (l > 0)
            {
                for (var i = 0; i < below.Length; i++)
                    below[i] = activations[l][i] > 0 ? below[i] : 0;
            }
            delta = below;
        }
    }

    private sealed class Param
    {
        private readonly int _out;
        private readonly int _in;
        public readonly float[] W;
        public readonly float[] B;
        private readonly float[] _gw, _gb, _mw, _vw, _mb, _vb;

        public Param(int outputs, int inputs, Random random)
        {
            (_out, _in) = (outputs, inputs);
            W = new float[outputs * inputs];
            B = new float[outputs];
            var limit = Math.Sqrt(6.0 / (inputs + outputs));
            for (var i = 0; i < W.Length; i++)
                W[i] = (float)((random.NextDouble() * 2 - 1) * limit);
            (_gw, _mw, _vw) = (new float[W.Length], new float[W.Length], new float[W.Length]);
            (_gb, _mb, _vb) = (new float[outputs], new float[outputs], new float[outputs]);
        }

        public float[] Forward(float[] input)
        {
            var z = new float[_out];
            for (var o = 0; o < _out; o++)
            {
                var sum = B[o];
                for (var i = 0; i < _in; i++)
                    sum += W[o * _in + i] * input[i];
                z[o] = sum;
            }
            return z;
        }

        public float[] Backward(float[] input, float[] delta)
        {
            var below = new float[_in];
            for (var o = 0; o < _out; o++)
            {
                _gb[o] += delta[o];
                for (var i = 0; i < _in; i++)
                {
                    _gw[o * _in + i] += delta[o] * input[i];
                    below[i] += W[o * _in + i] * delta[o];
                }
            }
            return below;
        }

        public void ZeroGrad()
        {
            Array.Clear(_gw);
            Array.Clear(_gb);
        }

        public void AdamStep(float rate, float l2, int step)
        {
            Adam(W, _gw, _mw, _vw, rate, l2, step);
            Adam(B, _gb, _mb, _vb, rate, 0, step);
        }

        private static void Adam(float[] p, float[] g, float[] m, float[] v, float rate, float l2, int step)
        {
            const float beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f;
            var c1 = 1 - MathF.Pow(beta1, step);
            var c2 = 1 - MathF.Pow(beta2, step);
            for (var i = 0; i < p.Length; i++)
            {
                var grad = g[i] + l2 * p[i];
                m[i] = beta1 * m[i] + (1 - beta1) * grad;
                v[i] = beta2 * v[i] + (1 - beta2) * grad * grad;
                p[i] -= rate * (m[i] / c1) / (MathF.Sqrt(v[i] / c2) + eps);
            }
        }

        public float[][] Rows() => Enumerable.Range(0, _out).Select(o => W.AsSpan(o * _in, _in).ToArray()).ToArray();
    }
}
