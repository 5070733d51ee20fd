using System.Diagnostics;

namespace Earshot.Bench;

/// <summary>
/// Sign-in timing: wrong-password attempts for a registered user and for names that do not exist, alternated, over
/// real HTTP. The ratio of the medians shows whether the answer's timing tells which user names exist (1.0: it does not).
/// Options: --attempts N (default 40 of each).
/// </summary>
internal static class SignInBench
{
    public static async Task RunAsync(string[] args)
    {
        var attempts = args.SkipWhile(a => a != "--attempts").Skip(1).Select(int.Parse).FirstOrDefault(40);
        await using var server = await BenchServer.StartAsync("--Auth:LoginAttemptsPerAccount=1000000", "--Auth:LoginAttemptsPerAddress=1000000");
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        (await client.PutAsync("/v1/auth/register?username=known-user&password=known-password", null)).EnsureSuccessStatusCode();

        await TryAsync(client, "known-user");
        await TryAsync(client, "warm-up-unknown");
        var known = new List<double>();
        var unknown = new List<double>();
        for (var i = 0; i < attempts; i++)
        {
            known.Add(await TryAsync(client, "known-user"));
            unknown.Add(await TryAsync(client, $"nobody-{i}"));
        }

        Console.WriteLine($"sign-in: {attempts} wrong-password attempts each, alternated, {Environment.ProcessorCount} cores");
        Console.WriteLine($"known user        median {Stats.Median(known),7:F1} ms   p95 {Stats.Percentile(known, 0.95),7:F1} ms");
        Console.WriteLine($"unknown user      median {Stats.Median(unknown),7:F1} ms   p95 {Stats.Percentile(unknown, 0.95),7:F1} ms");
        Console.WriteLine($"ratio unknown/known (medians) {Stats.Median(unknown) / Stats.Median(known):F2}");
    }

    private static async Task<double> TryAsync(HttpClient client, string name)
    {
        var watch = Stopwatch.StartNew();
        using var response = await client.PostAsync("/v1/auth/token",
            new FormUrlEncodedContent([new("username", name), new("password", "wrong-password")]));
        watch.Stop();
        if ((int)response.StatusCode != 401)
            throw new InvalidOperationException($"expected 401, got {(int)response.StatusCode}");
        return watch.Elapsed.TotalMilliseconds;
    }
}
