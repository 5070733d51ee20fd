using System.Diagnostics;

namespace Earshot.Testing;

/// <summary>Waits for a condition with a deadline generous enough for a loaded 2-core CI, instead of a fixed sleep.</summary>
public static class Eventually
{
    public static Task HoldsAsync(Func<bool> condition, TimeSpan deadline, string? what = null) =>
        HoldsAsync(() => Task.FromResult(condition()), deadline, what);

    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan deadline, string? what = null)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > deadline)
                throw new TimeoutException($"{what ?? "The condition"} did not hold within {deadline.TotalSeconds:0} s.");
            await Task.Delay(20);
        }
    }
}
