using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Earshot.Server.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster for one test: initdb into a temporary directory, pg_ctl on a free loopback port with its
/// socket in that directory, stopped and deleted at the end. No system service. Run as root (CI), the cluster belongs to
/// the unprivileged "postgres" account, because PostgreSQL refuses to run as root.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private const string User = "earshot";
    private readonly string _bin;
    private readonly string _directory;
    private readonly string? _runAs;

    private PostgresCluster(string bin, string directory, string? runAs, int port)
    {
        _bin = bin;
        _directory = directory;
        _runAs = runAs;
        Port = port;
    }

    public int Port { get; }

    public static async Task<PostgresCluster> StartAsync(CancellationToken cancellationToken)
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found in /usr/lib/postgresql/*/bin or on PATH. "
            + "Install them with `apt-get install postgresql` (scripts/setup.sh does); the PostgreSQL tests need a real server.");
        var directory = Directory.CreateTempSubdirectory("earshot-pg-").FullName;
        string? runAs = null;
        if (Environment.UserName == "root")
        {
            runAs = "postgres";
            await RunAsync("chown", ["-R", runAs, directory], null, cancellationToken);
        }
        var port = FreePort();
        var cluster = new PostgresCluster(bin, directory, runAs, port);
        var data = Path.Combine(directory, "data");
        await RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-U", User, "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"], runAs, cancellationToken);
        // fsync off: a test cluster never outlives a crash, and commits cost no disk flush on a loaded CI machine.
        await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "120",
            "-o", $"-p {port} -h 127.0.0.1 -k {directory} -c fsync=off -c synchronous_commit=off -c max_connections=300", "start"], runAs, cancellationToken);
        return cluster;
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken)
    {
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return ConnectionString(name);
    }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = User, Database = database, Pooling = false }.ToString();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop"], _runAs, CancellationToken.None);
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static string? FindBinaries()
    {
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin"))
            : [];
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        return installed.Concat(onPath).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    private static async Task RunAsync(string program, string[] args, string? runAs, CancellationToken cancellationToken)
    {
        var startInfo = runAs is null ? new ProcessStartInfo(program) : new ProcessStartInfo("runuser");
        if (runAs is not null)
        {
            foreach (var arg in (string[])["-u", runAs, "--", program])
                startInfo.ArgumentList.Add(arg);
        }
        foreach (var arg in args)
            startInfo.ArgumentList.Add(arg);
        startInfo.RedirectStandardOutput = startInfo.RedirectStandardError = true;
        startInfo.WorkingDirectory = Path.GetTempPath();
        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(program)} exited with {process.ExitCode}:\n{await output}\n{await error}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
