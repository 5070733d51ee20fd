using System.Runtime.InteropServices;
using Earshot.Engines.PocketSphinx.Native;

namespace Earshot.Engines.PocketSphinx;

/// <summary>What the voice activity detector made of one block of samples.</summary>
internal readonly record struct VoiceActivity(int SpeechFrames, int FirstFrameIndex, bool InSpeech);

/// <summary>
/// The voice activity detector a session runs beside its decoder: a sphinxbase front end with the decoder's feature
/// parameters, whose speech frames' cepstra also give the cepstral mean imposed on the decoder. It holds no model
/// (a few hundred kB), so a stream keeps one for its whole life and borrows a decoder only while someone speaks.
/// Single-threaded.
/// </summary>
/// <remarks>
/// The decoder itself runs with <c>-remove_silence no</c>: with the built-in VAD on, this library version drops
/// non-speech frames inside an utterance and the word times drift. Endpointing instead reads <c>fe_get_vad_state</c>
/// (what <c>ps_get_in_speech</c> returns) from this separate front end that sees the same samples.
/// </remarks>
internal sealed class SpeechDetector : IDisposable
{
    private const int CepstraCapacity = 64;

    private readonly FrontEndHandle frontEnd;
    private readonly float[] cepstra;

    public SpeechDetector(SpeechDetectorSettings settings)
    {
        frontEnd = settings.CreateFrontEnd();
        CepstrumSize = SphinxBaseNative.fe_get_output_size(frontEnd);
        cepstra = new float[CepstraCapacity * CepstrumSize];
        SphinxBaseNative.fe_start_stream(frontEnd);
        SphinxBaseNative.fe_start_utt(frontEnd);
    }

    public int CepstrumSize { get; }

    /// <summary>
    /// Runs the front end over <paramref name="samples"/>, adding every speech frame's cepstrum to <paramref name="cepstrumSums"/>.
    /// When speech starts inside the block, <see cref="VoiceActivity.FirstFrameIndex"/> is the session frame where it
    /// (with the detector's pre-speech margin) begins.
    /// </summary>
    public unsafe VoiceActivity Detect(ReadOnlySpan<short> samples, Span<double> cepstrumSums)
    {
        var speechFrames = 0;
        var firstFrame = int.MinValue;
        var wasInSpeech = SphinxBaseNative.fe_get_vad_state(frontEnd) != 0;
        var rows = stackalloc float*[CepstraCapacity];
        fixed (short* start = samples)
        fixed (float* buffer = cepstra)
        {
            for (var i = 0; i < CepstraCapacity; i++)
                rows[i] = buffer + i * CepstrumSize;
            var cursor = start;
            var remaining = (nuint)samples.Length;
            while (remaining > 0)
            {
                var before = remaining;
                var frames = CepstraCapacity;
                var frameIndex = 0;
                if (SphinxBaseNative.fe_process_frames(frontEnd, &cursor, &remaining, rows, &frames, &frameIndex) < 0)
                    throw new InvalidOperationException("fe_process_frames failed.");
                if (frames > 0 && !wasInSpeech && firstFrame == int.MinValue)
                    firstFrame = frameIndex;
                for (var f = 0; f < frames; f++)
                    for (var c = 0; c < CepstrumSize; c++)
                        cepstrumSums[c] += rows[f][c];
                speechFrames += frames;
                if (frames == 0 && remaining == before)
                    break;
            }
        }
        return new VoiceActivity(speechFrames, firstFrame, SphinxBaseNative.fe_get_vad_state(frontEnd) != 0);
    }

    public void Dispose() => frontEnd.Dispose();
}

/// <summary>
/// A loaded decoder's front-end parameters (its acoustic model's feat.params: filter bank, liftering …), captured once
/// so that detectors computing identical cepstra can be made without a decoder at hand.
/// </summary>
internal sealed class SpeechDetectorSettings
{
    private static readonly string[] IntegerArguments =
    [
        "-frate", "-nfft", "-nfilt", "-ncep", "-lifter", "-vad_prespeech", "-vad_startspeech", "-seed",
        "-logspec", "-smoothspec", "-unit_area", "-round_filters", "-doublebw", "-dither", "-remove_dc", "-remove_noise",
    ];
    private static readonly string[] FloatArguments = ["-alpha", "-samprate", "-wlen", "-lowerf", "-upperf", "-vad_threshold"];
    private static readonly string[] StringArguments = ["-transform", "-input_endian", "-warp_type", "-warp_params"];

    private readonly Dictionary<string, CLong> integers = [];
    private readonly Dictionary<string, double> floats = [];
    private readonly Dictionary<string, string?> strings = [];

    public SpeechDetectorSettings(nint decoderConfig, double endOfUtteranceSilenceSeconds)
    {
        foreach (var name in IntegerArguments)
            integers[name] = SphinxBaseNative.cmd_ln_int_r(decoderConfig, name);
        foreach (var name in FloatArguments)
            floats[name] = SphinxBaseNative.cmd_ln_float_r(decoderConfig, name);
        foreach (var name in StringArguments)
            strings[name] = NativeText.Read(SphinxBaseNative.cmd_ln_str_r(decoderConfig, name));
        FramesPerSecond = (int)integers["-frate"].Value;
        SampleRate = (int)floats["-samprate"];
        integers["-remove_silence"] = new CLong(1);
        integers["-vad_postspeech"] = new CLong((nint)Math.Round(endOfUtteranceSilenceSeconds * FramesPerSecond));
    }

    public int FramesPerSecond { get; }
    public int SampleRate { get; }
    public int SamplesPerFrame => SampleRate / FramesPerSecond;

    internal FrontEndHandle CreateFrontEnd()
    {
        using var config = NativeDecoder.NewConfig();
        foreach (var (name, value) in integers)
            SphinxBaseNative.cmd_ln_set_int_r(config, name, value);
        foreach (var (name, value) in floats)
            SphinxBaseNative.cmd_ln_set_float_r(config, name, value);
        foreach (var (name, value) in strings)
            SphinxBaseNative.cmd_ln_set_str_r(config, name, value);
        var frontEnd = SphinxBaseNative.fe_init_auto_r(config);
        return frontEnd.IsInvalid ? throw new InvalidOperationException("Could not create the voice activity front end.") : frontEnd;
    }
}
