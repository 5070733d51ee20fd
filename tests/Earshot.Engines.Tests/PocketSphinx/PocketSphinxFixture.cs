using Earshot.Engines.PocketSphinx;
using Earshot.Sdk;
using Earshot.Sdk.Models;

[assembly: AssemblyFixture(typeof(Earshot.Engines.Tests.PocketSphinx.PocketSphinxFixture))]

namespace Earshot.Engines.Tests.PocketSphinx;

/// <summary>One recogniser with the Debian model for all PocketSphinx tests; decoders are created as concurrency demands.</summary>
public sealed class PocketSphinxFixture : IDisposable
{
    public const string Jfk = "jfk/jfk.wav";
    public const string Captain = "librispeech/3752-4944-0000.flac";        // CAPTAIN FRERE SAYS THAT THE SCENERY IS DELIGHTFUL
    public const string Kittens = "librispeech/1988-24833-0000.flac";       // THE TWO STRAY KITTENS GRADUALLY MAKE THEMSELVES AT HOME
    public const string Purchase = "commonvoice/common_voice_en_651325.mp3"; // Every purchase is a vote.
    public const string YoungMan = "librivox/sense_and_sensibility_01_austen_64kb-0880.wav"; // he was not an ill disposed young man

    private readonly Lazy<Task<Transcript>> jfkTranscript;

    public PocketSphinxFixture()
    {
        jfkTranscript = new(async () => await Recognizer.TranscribeAsync(await SpeechAudio.LoadAsync(Jfk), new TranscribeOptions(), CancellationToken.None));
    }

    public PocketSphinxRecognizer Recognizer { get; } = new(new PocketSphinxOptions { PoolSize = 4 });

    /// <summary>The batch transcript of JFK, shared because several tests inspect it (it takes seconds to decode).</summary>
    public Task<Transcript> JfkTranscript => jfkTranscript.Value;

    public void Dispose() => Recognizer.Dispose();
}
