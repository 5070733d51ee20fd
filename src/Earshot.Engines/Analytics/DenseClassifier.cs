using System.Text.Json;
using System.Text.Json.Serialization;

namespace Earshot.Engines.Analytics;

/// <summary>One fully connected layer: y = activation(W·x + b), W stored row per output.</summary>
public sealed record DenseLayer(float[][] Weights, float[] Bias, string Activation);

/// <summary>Where a classifier's weights came from: the command, the data, the held-out figures.</summary>
public sealed record ClassifierProvenance(string Command, string Train, string Test, double TestAccuracy, double Chance, int TestWindows);

/// <summary>
/// A small feed-forward classifier over <see cref="WindowFeatures"/> (standardised with the training mean and scale),
/// trained by <c>tools/Earshot.Lab</c> and shipped as JSON. Immutable, so one instance serves every job.
/// </summary>
public sealed class DenseClassifier
{
    public required string Name { get; init; }
    /// <summary>Null: the window statistics alone; "voiceprint+window": the x-vector voiceprint of the segment's audio, then
    /// the statistics; "voiceprint": the voiceprint alone.</summary>
    public string? Input { get; init; }

    /// <summary>What a classifier with a voiceprint <paramref name="input"/> reads.</summary>
    public static float[] Join(string input, float[] voiceprint, float[] features) => input == "voiceprint" ? voiceprint : [.. voiceprint, .. features];
    public required string[] Classes { get; init; }
    public required float[] Mean { get; init; }
    public required float[] Scale { get; init; }
    public required DenseLayer[] Layers { get; init; }
    public ClassifierProvenance? Provenance { get; init; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Class probabilities, in <see cref="Classes"/> order.</summary>
    public float[] Predict(ReadOnlySpan<float> features)
    {
        if (features.Length != Mean.Length)
            throw new ArgumentException($"Expected {Mean.Length} features, got {features.Length}.", nameof(features));
        var x = new float[features.Length];
        for (var i = 0; i < x.Length; i++)
            x[i] = (features[i] - Mean[i]) / Scale[i];
        foreach (var layer in Layers)
            x = Apply(layer, x);
        return x;
    }

    public static float[] Apply(DenseLayer layer, ReadOnlySpan<float> input)
    {
        var output = new float[layer.Bias.Length];
        for (var o = 0; o < output.Length; o++)
        {
            var row = layer.Weights[o];
            var sum = layer.Bias[o];
            for (var i = 0; i < input.Length; i++)
                sum += row[i] * input[i];
            output[o] = sum;
        }
        switch (layer.Activation)
        {
            case "relu":
                for (var o = 0; o < output.Length; o++)
                    output[o] = Math.Max(0, output[o]);
                break;
            case "softmax":
                Softmax(output);
                break;
        }
        return output;
    }

    public static void Softmax(Span<float> values)
    {
        var max = float.NegativeInfinity;
        foreach (var v in values)
            max = Math.Max(max, v);
        float sum = 0;
        for (var i = 0; i < values.Length; i++)
            sum += values[i] = MathF.Exp(values[i] - max);
        for (var i = 0; i < values.Length; i++)
            values[i] /= sum;
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static DenseClassifier FromJson(string json)
    {
        var model = JsonSerializer.Deserialize<DenseClassifier>(json, Json) ?? throw new InvalidDataException("Empty classifier file.");
        var expected = model.Input is null ? WindowFeatures.Count : model.Mean.Length;
        if (model.Mean.Length != expected || model.Mean.Length < WindowFeatures.Count || model.Scale.Length != model.Mean.Length)
            throw new InvalidDataException($"Classifier '{model.Name}' expects {model.Mean.Length} features; this build computes {WindowFeatures.Count}.");
        if (model.Layers.Length == 0 || model.Layers[^1].Bias.Length != model.Classes.Length)
            throw new InvalidDataException($"Classifier '{model.Name}' has no output layer for its {model.Classes.Length} classes.");
        return model;
    }
}
