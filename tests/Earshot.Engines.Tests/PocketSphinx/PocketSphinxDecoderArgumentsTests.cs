using Earshot.Engines.PocketSphinx;
using Earshot.Sdk.Models;

namespace Earshot.Engines.Tests.PocketSphinx;

/// <summary>PocketSphinxOptions.DecoderArguments reach ps_init, and bad ones fail the load instead of being ignored.</summary>
public class PocketSphinxDecoderArgumentsTests
{
    [Fact]
    public async Task ArgumentsChangeHowTheDecoderSearches()
    {
        var audio = await SpeechAudio.LoadAsync(PocketSphinxFixture.Captain);
        using var plain = new PocketSphinxRecognizer(new PocketSphinxOptions { PoolSize = 1 });
        // A beam this narrow prunes nearly every path: if the argument reached the decoder, the transcript changes.
        using var narrow = new PocketSphinxRecognizer(new PocketSphinxOptions { PoolSize = 1, DecoderArguments = PocketSphinxOptions.ParseArguments("-beam 1e-3 -wbeam 1e-2") });

        var expected = await plain.TranscribeAsync(audio, new TranscribeOptions(), TestContext.Current.CancellationToken);
        var pruned = await narrow.TranscribeAsync(audio, new TranscribeOptions(), TestContext.Current.CancellationToken);

        Assert.Contains("captain", expected.Text);
        Assert.NotEqual(expected.Text, pruned.Text);
    }

    [Theory]
    [InlineData("-no_such_option", "1")]
    [InlineData("-maxhmmpf", "many")]
    public void UnknownNamesAndBadValuesFailTheLoad(string name, string value)
    {
        var options = new PocketSphinxOptions { PoolSize = 1, DecoderArguments = new Dictionary<string, string> { [name] = value } };
        var error = Assert.Throws<ArgumentException>(() => new PocketSphinxRecognizer(options));
        Assert.Contains(name, error.Message);
    }

    [Fact]
    public void ArgumentTextMustBePairs()
    {
        Assert.Equal("3000", PocketSphinxOptions.ParseArguments(" -maxhmmpf 3000  -fwdflat no ")["-maxhmmpf"]);
        Assert.Throws<FormatException>(() => PocketSphinxOptions.ParseArguments("-ds"));
    }
}
