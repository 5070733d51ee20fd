using System.Runtime.InteropServices;

namespace Earshot.Server.Entities;

/// <summary>
/// An enrolled speaker of one account: the centred, whitened, unit-length x-vector (<see cref="Vector"/>, float32
/// little-endian) of the enrolment audio, under the account's own external id.
/// </summary>
public sealed class Voiceprint
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OwnerId { get; set; }
    public required string ExternalId { get; set; }
    public required byte[] Vector { get; set; }

    /// <summary>Voiced audio the voiceprint was made from, and from how many streams or files.</summary>
    public double SpeechSeconds { get; set; }
    public int Sources { get; set; }
    public required string Model { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;

    public float[] Values() => MemoryMarshal.Cast<byte, float>(Vector).ToArray();

    public static byte[] Pack(float[] values) => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
}
