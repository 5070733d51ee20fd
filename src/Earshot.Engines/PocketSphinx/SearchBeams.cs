namespace Earshot.Engines.PocketSphinx;

/// <summary>
/// Pruning beams of one search, in place of the decoder's own (-beam, -pbeam, -wbeam; the library's defaults are 1e-48,
/// 1e-48 and 7e-29). Smaller values keep more hypotheses alive: slower, fewer search errors.
/// </summary>
/// <param name="Beam">Hypotheses scoring below the best times this are dropped (-beam).</param>
/// <param name="PhoneBeam">The same for moving on to the next phone (-pbeam).</param>
/// <param name="WordBeam">The same for ending a word (-wbeam).</param>
public sealed record SearchBeams(double Beam, double PhoneBeam, double WordBeam)
{
    /// <summary>Each beam with its property name and the decoder option it sets.</summary>
    internal (string Name, string Option, double Value)[] Settings =>
        [(nameof(Beam), "-beam", Beam), (nameof(PhoneBeam), "-pbeam", PhoneBeam), (nameof(WordBeam), "-wbeam", WordBeam)];

    internal void Validate()
    {
        foreach (var (name, _, value) in Settings)
            if (!double.IsFinite(value) || value <= 0 || value >= 1)
                throw new ArgumentOutOfRangeException(name, value, "A beam must lie strictly between 0 and 1.");
    }
}
