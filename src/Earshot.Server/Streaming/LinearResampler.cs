namespace Earshot.Server.Streaming;

/// <summary>Converts a PCM stream to 16 kHz by linear interpolation, carrying its position across chunks.
/// No anti-alias filter: fine for speech from 8–48 kHz sources, which is what streaming clients send.</summary>
public sealed class LinearResampler(int inputRate, int outputRate = 16_000)
{
    private readonly double _step = (double)inputRate / outputRate;
    private double _next;
    private short _last;

    public bool IsIdentity => inputRate == outputRate;

    public short[] Process(ReadOnlySpan<short> input)
    {
        if (IsIdentity)
            return input.ToArray();
        if (input.IsEmpty)
            return [];
        var output = new List<short>((int)(input.Length / _step) + 2);
        // _next is in input coordinates relative to this chunk; -1 < _next means between the previous chunk's last sample and input[0].
        while (_next < input.Length - 1)
        {
            var index = (int)Math.Floor(_next);
            var fraction = _next - index;
            double a = index < 0 ? _last : input[index];
            double b = input[index + 1];
            output.Add((short)Math.Round(a + (b - a) * fraction));
            _next += _step;
        }
        _next -= input.Length;
        _last = input[^1];
        return [.. output];
    }
}
