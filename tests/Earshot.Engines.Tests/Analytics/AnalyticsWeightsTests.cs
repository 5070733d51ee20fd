using System.Security.Cryptography;
using Earshot.Engines.Analytics;
using Earshot.Testing;

namespace Earshot.Engines.Tests.Analytics;

public sealed class AnalyticsWeightsTests
{
    [Fact]
    public void BuiltInWeightsMatchTheirChecksums()
    {
        var sums = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "src", "Earshot.Engines", "Analytics", "Models", "SHA256SUMS"))
            .Select(l => l.Split("  ")).ToDictionary(p => p[1], p => p[0]);
        var assembly = typeof(AnalyticsModelSet).Assembly;
        foreach (var name in AnalyticsModelSet.Names)
        {
            using var stream = assembly.GetManifestResourceStream($"Earshot.Engines.Analytics.{name}.json")!;
            Assert.Equal(sums[name + ".json"], Convert.ToHexStringLower(SHA256.HashData(stream)));
        }
    }
}
