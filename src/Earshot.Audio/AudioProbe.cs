namespace Earshot.Audio;

/// <summary>What ffprobe says about an audio file.</summary>
public sealed record AudioProbe(string Format, string Codec, double DurationSeconds, int SampleRate, int Channels, long? BitRate);
