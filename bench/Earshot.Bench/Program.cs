using Earshot.Bench;

var benches = new Dictionary<string, Func<string[], Task>>
{
    ["files"] = FileThroughputBench.RunAsync,
    ["jobs"] = JobEngineBench.RunAsync,
    ["job-stages"] = JobStagesBench.RunAsync,
    ["engines"] = EngineOverheadBench.RunAsync,
    ["streams"] = StreamsBench.RunAsync,
    ["streams-server"] = StreamsServerProcess.ServeAsync,
    ["decoder"] = DecoderSettingsBench.RunAsync,
    ["recordings"] = RecordingsBench.RunAsync,
    ["reading"] = ReadingBench.RunAsync,
    ["voices"] = args => OperatingSystem.IsLinux() ? VoicesBench.RunAsync(args) : throw new PlatformNotSupportedException("The voices bench pins itself to one core, which needs Linux."),
    ["web"] = WebPagesBench.RunAsync,
    ["signin"] = SignInBench.RunAsync,
    ["analytics"] = AnalyticsBench.RunAsync,
};
var name = args.FirstOrDefault() ?? "help";
if (!benches.TryGetValue(name, out var bench))
{
    Console.WriteLine($"usage: dotnet run -c Release --project bench/Earshot.Bench -- {string.Join('|', benches.Keys)} [options]");
    return name == "help" ? 0 : 2;
}
await bench(args[1..]);
return 0;
