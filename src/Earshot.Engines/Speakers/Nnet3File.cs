using System.Text.RegularExpressions;

namespace Earshot.Engines.Speakers;

/// <summary>One nnet3 component as stored: its type and the fields the forward pass needs.</summary>
internal sealed class Nnet3Component(string name, string type)
{
    public string Name { get; } = name;
    public string Type { get; } = type;
    public Dictionary<string, float[]> Arrays { get; } = [];
    public Dictionary<string, (int Rows, int Cols)> Shapes { get; } = [];
    public Dictionary<string, double> Numbers { get; } = [];
    public Dictionary<string, bool> Flags { get; } = [];

    public float[] Array(string field) => Arrays.TryGetValue(field, out var a) ? a
        : throw new InvalidDataException($"Component {Name} ({Type}) has no {field}.");

    public double Number(string field) => Numbers.TryGetValue(field, out var n) ? n
        : throw new InvalidDataException($"Component {Name} ({Type}) has no {field}.");
}

/// <summary>
/// A Kaldi nnet3 "raw" network in binary form: the config lines (node graph) and the components' parameters.
/// Only the component types of a TDNN x-vector network are understood; others are read but have no parameters.
/// </summary>
internal sealed partial class Nnet3File
{
    public required IReadOnlyList<string> ConfigLines { get; init; }
    public required IReadOnlyDictionary<string, Nnet3Component> Components { get; init; }

    private static readonly HashSet<string> IntFields = ["<Dim>", "<BlockDim>", "<InputDim>", "<InputPeriod>", "<OutputPeriod>",
        "<LeftContext>", "<RightContext>", "<NumLogCountFeatures>", "<RankIn>", "<RankOut>", "<UpdatePeriod>", "<OutputDim>"];

    public static Nnet3File Read(string path)
    {
        var reader = KaldiBinaryReader.Open(File.ReadAllBytes(path));
        reader.Expect("<Nnet3>");
        var lines = new List<string>();
        while (true)
        {
            var line = reader.ReadLine().Trim();
            if (line.Length == 0 && lines.Count > 0)
                break;
            if (line.Length > 0)
                lines.Add(line);
        }
        reader.Expect("<NumComponents>");
        var count = reader.ReadInt();
        var components = new Dictionary<string, Nnet3Component>();
        for (var c = 0; c < count; c++)
        {
            reader.Expect("<ComponentName>");
            var name = reader.ReadToken();
            var typeToken = reader.ReadToken();
            var component = new Nnet3Component(name, typeToken.Trim('<', '>'));
            var end = "</" + component.Type + ">";
            while (true)
            {
                var field = reader.ReadToken();
                if (field == end)
                    break;
                if (reader.AtEnd)
                    throw new InvalidDataException($"Component {name} has no {end}.");
                ReadField(reader, component, field);
            }
            components[name] = component;
        }
        reader.Expect("</Nnet3>");
        return new Nnet3File { ConfigLines = lines, Components = components };
    }

    private static void ReadField(KaldiBinaryReader reader, Nnet3Component component, string field)
    {
        var key = field.Trim('<', '>');
        if (reader.AtArray)
        {
            if (reader.Peek(1) == (byte)'M')
            {
                component.Arrays[key] = reader.ReadMatrix(out var rows, out var cols);
                component.Shapes[key] = (rows, cols);
            }
            else
            {
                var vector = reader.ReadVector();
                component.Arrays[key] = vector;
                component.Shapes[key] = (1, vector.Length);
            }
        }
        else if (reader.Peek() is (byte)'T' or (byte)'F')
            component.Flags[key] = reader.ReadBool();
        else if (reader.Peek() is 4 or 8)
            component.Numbers[key] = IntFields.Contains(field) ? reader.ReadInt() : reader.ReadReal();
        else
            reader.SkipValue();
    }

    /// <summary>The <c>input=</c> descriptor of the component node <paramref name="node"/>.</summary>
    public string InputOf(string node)
    {
        var prefix = $"component-node name={node} ";
        var line = ConfigLines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))
            ?? throw new InvalidDataException($"The network has no component node '{node}'.");
        return InputPattern().Match(line) is { Success: true } m ? m.Groups[1].Value
            : throw new InvalidDataException($"Component node '{node}' has no input.");
    }

    /// <summary>Frame offsets of a TDNN splice: <c>Append(Offset(x, -2), x, Offset(x, 2))</c> gives [-2, 0, 2].</summary>
    public static int[] SpliceOffsets(string descriptor)
    {
        if (!descriptor.StartsWith("Append(", StringComparison.Ordinal))
            return descriptor.StartsWith("Offset(", StringComparison.Ordinal) ? [int.Parse(OffsetPattern().Match(descriptor).Groups[1].Value)] : [0];
        var inner = descriptor["Append(".Length..^1];
        var parts = new List<int>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= inner.Length; i++)
        {
            if (i == inner.Length || (inner[i] == ',' && depth == 0))
            {
                var part = inner[start..i].Trim();
                parts.Add(part.StartsWith("Offset(", StringComparison.Ordinal) ? int.Parse(OffsetPattern().Match(part).Groups[1].Value) : 0);
                start = i + 1;
            }
            else if (inner[i] == '(')
                depth++;
            else if (inner[i] == ')')
                depth--;
        }
        return [.. parts];
    }

    [GeneratedRegex(@"\binput=(.+)$")]
    private static partial Regex InputPattern();

    [GeneratedRegex(@",\s*(-?\d+)\)\s*$")]
    private static partial Regex OffsetPattern();
}
