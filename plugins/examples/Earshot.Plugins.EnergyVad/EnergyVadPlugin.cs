using Earshot.Sdk;
using Earshot.Sdk.Models;

namespace Earshot.Plugins.EnergyVad;

/// <summary>
/// Earshot finds this class because it implements IEarshotPlugin. Settings come from the server's
/// configuration section Models:Builtin:EnergyVadPlugin (ThresholdDbfs, FailOnLoad).
/// </summary>
public sealed class EnergyVadPlugin : IEarshotPlugin
{
    public IEnumerable<IModel> CreateModels(PluginContext context)
    {
        if (context.Settings.TryGetValue("FailOnLoad", out var fail) && bool.TryParse(fail, out var shouldFail) && shouldFail)
            throw new InvalidOperationException("EnergyVadPlugin was configured to fail (FailOnLoad=true).");
        var threshold = context.Settings.TryGetValue("ThresholdDbfs", out var value) && double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : -35;
        yield return new EnergyVoiceActivityDetector(threshold);
    }
}
