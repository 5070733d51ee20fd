using Earshot.Server.Files;
using Earshot.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Earshot.Server.Tests;

public sealed class ScratchCleanupTests
{
    [Fact]
    public async Task ScratchOfACrashedProcessIsRemovedAtStartUpAndALiveProcessKeepsItsOwn()
    {
        var data = Directory.CreateTempSubdirectory("earshot-scratch-").FullName;
        var tmp = Directory.CreateDirectory(Path.Combine(data, "tmp")).FullName;
        // what a killed process leaves: its folder with a live stream's spool, and its lock file that nobody holds any more
        var dead = Directory.CreateDirectory(Path.Combine(tmp, Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"))).FullName;
        File.WriteAllBytes(Path.Combine(dead, "stream.wav"), new byte[131_072]);
        File.WriteAllText(Path.GetDirectoryName(dead) + ".lock", "");
        // and the layout before scratch was kept per process
        var legacy = Directory.CreateDirectory(Path.Combine(tmp, Guid.NewGuid().ToString("N"))).FullName;
        File.WriteAllBytes(Path.Combine(legacy, "upload.bin"), new byte[10]);

        await using var live = new EarshotFactory(dataDirectory: data);
        var liveScratch = live.Services.GetRequiredService<IFileStore>().CreateTempDirectory();
        File.WriteAllBytes(Path.Combine(liveScratch, "stream.wav"), new byte[44]);

        Assert.False(Directory.Exists(Path.GetDirectoryName(dead)), "the crashed process's scratch should be gone");
        Assert.False(Directory.Exists(legacy), "scratch of the old layout should be gone");

        await using var neighbour = new EarshotFactory(dataDirectory: data);
        _ = neighbour.Services.GetRequiredService<IFileStore>();
        Assert.True(File.Exists(Path.Combine(liveScratch, "stream.wav")), "a second process on the same data directory must not delete live scratch");
    }
}
