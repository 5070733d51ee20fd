using Earshot.Server.Cli;

return await EarshotCli.RunAsync(args);

/// <summary>The entry point; the integration tests start the app through it.</summary>
public partial class Program;
