using System.Buffers.Binary;
using System.Text;

namespace Earshot.Engines.Speakers;

/// <summary>
/// Reads Kaldi's binary archive encoding (io-funcs.cc, kaldi-matrix.cc): tokens end with one space, numbers are a
/// size byte then little-endian bytes, booleans one 'T'/'F' byte, matrices "FM " rows cols data (row-major),
/// vectors "FV " dim data.
/// </summary>
internal sealed class KaldiBinaryReader(byte[] data, int position = 0)
{
    public int Position { get; private set; } = position;
    public bool AtEnd => Position >= data.Length;

    public static KaldiBinaryReader Open(byte[] data)
    {
        if (data.Length < 2 || data[0] != 0 || data[1] != (byte)'B')
            throw new InvalidDataException("Not a Kaldi binary file (no \\0B header).");
        return new KaldiBinaryReader(data, 2);
    }

    public byte Peek(int ahead = 0) => Position + ahead < data.Length ? data[Position + ahead] : (byte)0;

    public string ReadToken()
    {
        SkipWhitespace();
        var start = Position;
        while (Position < data.Length && data[Position] != (byte)' ' && data[Position] != (byte)'\n')
            Position++;
        var token = Encoding.ASCII.GetString(data, start, Position - start);
        if (Position < data.Length)
            Position++;
        return token;
    }

    public void Expect(string token)
    {
        var read = ReadToken();
        if (read != token)
            throw new InvalidDataException($"Expected '{token}' at byte {Position}, found '{read}'.");
    }

    public string ReadLine()
    {
        var start = Position;
        while (Position < data.Length && data[Position] != (byte)'\n')
            Position++;
        var line = Encoding.UTF8.GetString(data, start, Position - start);
        Position++;
        return line;
    }

    public int ReadInt() => BinaryPrimitives.ReadInt32LittleEndian(ReadSized(4));

    public double ReadReal()
    {
        var size = Peek();
        var bytes = ReadSized(size);
        return size == 8 ? BinaryPrimitives.ReadDoubleLittleEndian(bytes) : BinaryPrimitives.ReadSingleLittleEndian(bytes);
    }

    public bool ReadBool()
    {
        SkipWhitespace();
        var b = data[Position++];
        return b switch
        {
            (byte)'T' => true,
            (byte)'F' => false,
            _ => throw new InvalidDataException($"Expected a boolean at byte {Position - 1}."),
        };
    }

    /// <summary>True when the next value is a float matrix or vector ("FM "/"FV ").</summary>
    public bool AtArray => (Peek() == (byte)'F' || Peek() == (byte)'D') && (Peek(1) == (byte)'M' || Peek(1) == (byte)'V') && Peek(2) == (byte)' ';

    public float[] ReadMatrix(out int rows, out int cols)
    {
        Expect("FM");
        rows = ReadInt();
        cols = ReadInt();
        return ReadFloats(rows * cols);
    }

    public float[] ReadVector()
    {
        Expect("FV");
        return ReadFloats(ReadInt());
    }

    /// <summary>Skips one value whose type is not needed: a number, boolean, matrix or vector.</summary>
    public void SkipValue()
    {
        SkipWhitespace();
        if (AtArray)
        {
            if (Peek(1) == (byte)'M')
                ReadMatrix(out _, out _);
            else
                ReadVector();
        }
        else if (Peek() is 1 or 2 or 4 or 8)
            ReadSized(Peek());
        else if (Peek() is (byte)'T' or (byte)'F')
            Position++;
    }

    private float[] ReadFloats(int count)
    {
        if (count < 0 || Position + count * 4L > data.Length)
            throw new InvalidDataException($"Array of {count} floats runs past the end of the file.");
        var result = new float[count];
        for (var i = 0; i < count; i++)
            result[i] = BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(Position + i * 4, 4));
        Position += count * 4;
        return result;
    }

    private ReadOnlySpan<byte> ReadSized(int size)
    {
        SkipWhitespace();
        if (data[Position] != size)
            throw new InvalidDataException($"Expected a {size}-byte number at byte {Position}, found size {data[Position]}.");
        var span = data.AsSpan(Position + 1, size);
        Position += size + 1;
        return span;
    }

    private void SkipWhitespace()
    {
        while (Position < data.Length && (data[Position] == (byte)' ' || data[Position] == (byte)'\n'))
            Position++;
    }
}
