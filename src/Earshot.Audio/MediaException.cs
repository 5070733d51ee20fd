namespace Earshot.Audio;

/// <summary>The input is not media of the expected kind, or cannot be decoded. Maps to a 4xx, never a 500.</summary>
public sealed class MediaException(string message) : Exception(message);
