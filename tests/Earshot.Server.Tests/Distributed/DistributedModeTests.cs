using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Earshot.Server.Tests.Infrastructure;
using Earshot.Testing;
using Npgsql;

namespace Earshot.Server.Tests.Distributed;

/// <summary>
/// Distributed mode with real processes on a real PostgreSQL: one API node (`serve --workers 0`) and two `earshot worker`
/// nodes sharing one data directory. Jobs are cheap kinds (150 system.echo with 0.05 s or, 13 of them, 3 s of work, and
/// 50 audio.probe of a 7.9 s recording), submitted before the workers start so the test stays within a few minutes on a loaded 2-core machine.
/// </summary>
public sealed class DistributedModeTests
{
    private const int Users = 4;
    private const int JobsPerUser = 50;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);
    private static readonly string Sample = RepositoryPaths.Speech("librispeech/1988-24833-0001.flac");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoHundredJobsSucceedOnceAcrossAKilledWorkerALateWorkerAndAnApiRestart()
    {
        var reference = await SingleNodeResultsAsync();

        await using var cluster = await PostgresCluster.StartAsync(Ct);
        var connectionString = await cluster.CreateDatabaseAsync("earshot", Ct);
        var data = Directory.CreateTempSubdirectory("earshot-distributed-").FullName;
        var settings = NodeSettings(connectionString);
        var (migrated, migrateOutput) = await ServerProcess.RunToEndAsync(data, settings, "db", "migrate", "--data", data);
        Assert.True(migrated == 0, migrateOutput);

        var api = await ServerProcess.StartAsync(data, settings, "--workers", "0");
        ServerProcess? killed = null, survivor = null;
        try
        {
            using var client = api.CreateClient();
            var tokens = new List<string>();
            for (var u = 0; u < Users; u++)
                tokens.Add(await ApiClient.RegisterAndLoginAsync(client, $"node-user-{u}", "long-password"));
            var files = new List<Guid>();
            foreach (var token in tokens)
                files.Add(await As(client, token).UploadAudioAsync(Sample));

            // 200 jobs, interleaved over users and kinds: probes and 1 s echoes go to the batch queue, 0.05 s echoes to the interactive one.
            var submitted = new List<(Guid Id, string Kind, string? Message)>();
            for (var i = 0; i < Users * JobsPerUser; i++)
            {
                var user = i % Users;
                var (kind, request, message) = (i % 4) switch
                {
                    0 => ("audio.probe", (object)new { audio_file = files[user] }, (string?)null),
                    1 when i % 16 == 1 => ("system.echo", new { message = $"long {i}", delay_seconds = 3.0 }, $"long {i}"),
                    _ => ("system.echo", new { message = $"short {i}", delay_seconds = 0.05 }, $"short {i}"),
                };
                var response = await As(client, tokens[user]).PostAsJsonAsync("/v1/jobs", new { kind, request }, Ct);
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
                submitted.Add(((await response.ReadJsonAsync()).GetProperty("id").GetGuid(), kind, message));
            }

            // The jobs wait for workers: these start now, with all 200 queued.
            killed = ServerProcess.StartWorker(data, settings, "--workers", "2");
            survivor = ServerProcess.StartWorker(data, settings, "--workers", "2");

            // kill -9 one worker while it runs a job (one with 3 s of work, so it is still running a moment later)
            await using var db = new NpgsqlConnection(connectionString);
            await db.OpenAsync(Ct);
            var killedName = $":{killed.ProcessId}:";
            await Eventually.HoldsAsync(async () => await CountAsync(db, """
                    SELECT count(*) FROM "Jobs" WHERE "Status" = 'Running' AND "Worker" LIKE '%' || @w || '%' AND "RequestJson" LIKE '%"long %'
                    """, killedName) > 0,
                Deadline, "A 3 s job running on the first worker");
            await killed.KillAsync();
            var interrupted = await IdsAsync(db, """SELECT "Id" FROM "Jobs" WHERE "Status" = 'Running' AND "Worker" LIKE '%' || @w || '%'""", killedName);
            Assert.True(interrupted.Count > 0, $"No job was running on {killedName} after the kill:\n{await UnfinishedAsync(db)}");

            try
            {
                await Eventually.HoldsAsync(async () => await CountAsync(db, """SELECT count(*) FROM "Jobs" WHERE "Status" IN ('Queued', 'Running')""") == 0,
                    Deadline, "Every job finishing after the kill");
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException($"{ex.Message} Killed worker {killedName}, interrupted {string.Join(", ", interrupted)}.\n{await UnfinishedAsync(db)}", ex);
            }

            var rows = await JobRowsAsync(db);
            Assert.Equal(submitted.Count, rows.Count);
            Assert.All(rows.Values, r => Assert.Equal("Succeeded", r.Status));
            foreach (var id in interrupted)
            {
                Assert.True(rows[id].Attempts >= 2, $"job {id} was interrupted, so it ran again");
                Assert.DoesNotContain(killedName, rows[id].Worker);
            }
            // Exactly once: every job recorded one success, the interrupted ones included (a result and its activity entry
            // commit together, so a killed worker leaves neither).
            var successes = await SuccessesAsync(db);
            Assert.All(successes, s => Assert.Equal(1, s.Value));
            Assert.True(successes.Count == submitted.Count, $"{successes.Count} success entries for {submitted.Count} jobs");
            foreach (var job in submitted)
                AssertSameResult(reference, job.Kind, job.Message, rows[job.Id].Result);

            // No worker left: new jobs wait. The API restarts (kill -9), then a worker started later runs them.
            await survivor.StopAsync();
            var late = new List<Guid>();
            for (var i = 0; i < 10; i++)
            {
                var response = await As(client, tokens[i % Users]).PostAsJsonAsync("/v1/jobs",
                    new { kind = "system.echo", request = new { message = $"late {i}", delay_seconds = 0.05 } }, Ct);
                late.Add((await response.ReadJsonAsync()).GetProperty("id").GetGuid());
            }
            await api.KillAsync();
            await api.DisposeAsync();
            api = await ServerProcess.StartAsync(data, settings, "--workers", "0");
            using var restarted = api.CreateClient();
            foreach (var job in submitted)
            {
                var seen = await (await As(restarted, tokens[submitted.IndexOf(job) % Users]).GetAsync($"/v1/jobs/{job.Id}", Ct)).ReadJsonAsync();
                Assert.Equal("succeeded", seen.GetProperty("status").GetString());
                AssertSameResult(reference, job.Kind, job.Message, seen.GetProperty("result").GetRawText());
            }
            var waiting = await JobRowsAsync(db);
            Assert.All(late, id => Assert.Equal("Queued", waiting[id].Status));

            await using var lateWorker = ServerProcess.StartWorker(data, settings, "--workers", "1");
            foreach (var (id, i) in late.Select((id, i) => (id, i)))
            {
                var done = await As(restarted, tokens[i % Users]).WaitForJobAsync(id, Deadline);
                Assert.Equal("succeeded", done.GetProperty("status").GetString());
                Assert.Equal($"late {i}", done.GetProperty("result").GetProperty("message").GetString());
            }
            var lateRows = await JobRowsAsync(db);
            Assert.All(late, id => Assert.Contains($":{lateWorker.ProcessId}:", lateRows[id].Worker));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException(
                $"{ex.Message}\n--- api ---\n{Tail(api.Output)}\n--- killed worker ---\n{Tail(killed?.Output ?? "")}\n--- survivor ---\n{Tail(survivor?.Output ?? "")}", ex);
        }
        finally
        {
            await api.DisposeAsync();
            if (killed is not null)
                await killed.DisposeAsync();
            if (survivor is not null)
                await survivor.DisposeAsync();
        }
    }

    private static Dictionary<string, string> NodeSettings(string connectionString) => new()
    {
        ["Database__Provider"] = "PostgreSQL",
        ["ConnectionStrings__Earshot"] = connectionString,
        ["Database__MigrateOnStartup"] = "false",
        ["Testing__EchoPipeline"] = "true",
        ["Models__PreloadOnStartup"] = "false",
        ["Logging__LogLevel__Microsoft.AspNetCore.HttpLogging"] = "Warning",
        ["Logging__LogLevel__Earshot.Server.Activity"] = "Warning",
        ["Jobs__ShortJobSeconds"] = "0.5",
        ["Jobs__MaxQueuedPerUser"] = "1000",
        // A short lease so the killed worker's job comes back within seconds; generous enough for heartbeats on a loaded machine.
        ["Jobs__HeartbeatInterval"] = "00:00:00.500",
        ["Jobs__LeaseTimeout"] = "00:00:05",
        ["Jobs__MaxAttempts"] = "5",
    };

    /// <summary>The results of the same requests on the embedded single-node default (SQLite, in-process workers).</summary>
    private static async Task<Dictionary<string, JsonElement>> SingleNodeResultsAsync()
    {
        var data = Directory.CreateTempSubdirectory("earshot-single-").FullName;
        await using var single = await ServerProcess.StartAsync(data, "--Testing:EchoPipeline=true", "--Models:PreloadOnStartup=false");
        using var client = single.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            await ApiClient.RegisterAndLoginAsync(client, "single", "long-password"));
        var file = await client.UploadAudioAsync(Sample);
        var results = new Dictionary<string, JsonElement>();
        foreach (var (kind, request) in new (string, object)[]
                 { ("audio.probe", new { audio_file = file }), ("system.echo", new { message = "reference", delay_seconds = 0.05 }) })
        {
            var id = (await (await client.PostAsJsonAsync("/v1/jobs", new { kind, request }, Ct)).ReadJsonAsync()).GetProperty("id").GetGuid();
            var done = await client.WaitForJobAsync(id, Deadline);
            Assert.Equal("succeeded", done.GetProperty("status").GetString());
            results[kind] = done.GetProperty("result").Clone();
        }
        return results;
    }

    /// <summary>A probe equals the single-node probe field for field (the file id aside); an echo returns its message as there.</summary>
    private static void AssertSameResult(Dictionary<string, JsonElement> reference, string kind, string? message, string? resultJson)
    {
        Assert.NotNull(resultJson);
        using var result = JsonDocument.Parse(resultJson);
        if (kind == "system.echo")
        {
            Assert.Equal(reference[kind].GetRawText().Replace("\"reference\"", JsonSerializer.Serialize(message)), result.RootElement.GetRawText());
            return;
        }
        var expected = reference[kind].EnumerateObject().Where(p => p.Name != "audio_file").Select(p => (p.Name, p.Value.GetRawText()));
        var actual = result.RootElement.EnumerateObject().Where(p => p.Name != "audio_file").Select(p => (p.Name, p.Value.GetRawText()));
        Assert.Equal(expected, actual);
    }

    private static HttpClient As(HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<long> CountAsync(NpgsqlConnection db, string sql, string? worker = null)
    {
        await using var command = new NpgsqlCommand(sql, db);
        if (worker is not null)
            command.Parameters.AddWithValue("w", worker);
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    private static async Task<List<Guid>> IdsAsync(NpgsqlConnection db, string sql, string worker)
    {
        await using var command = new NpgsqlCommand(sql, db);
        command.Parameters.AddWithValue("w", worker);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var ids = new List<Guid>();
        while (await reader.ReadAsync(Ct))
            ids.Add(reader.GetGuid(0));
        return ids;
    }

    private sealed record JobRow(string Status, int Attempts, string Worker, string? Result);

    private static async Task<Dictionary<Guid, JobRow>> JobRowsAsync(NpgsqlConnection db)
    {
        await using var command = new NpgsqlCommand("""SELECT "Id", "Status", "Attempts", coalesce("Worker", ''), "ResultJson" FROM "Jobs" """, db);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new Dictionary<Guid, JobRow>();
        while (await reader.ReadAsync(Ct))
            rows[reader.GetGuid(0)] = new JobRow(reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4));
        return rows;
    }

    private static async Task<Dictionary<string, int>> SuccessesAsync(NpgsqlConnection db)
    {
        await using var command = new NpgsqlCommand("""SELECT "Target", count(*)::int FROM "Activity" WHERE "Action" = 'job.succeed' GROUP BY "Target" """, db);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var counts = new Dictionary<string, int>();
        while (await reader.ReadAsync(Ct))
            counts[reader.GetString(0)] = reader.GetInt32(1);
        return counts;
    }

    /// <summary>The unfinished job rows and the queue servers, for a failure message.</summary>
    private static async Task<string> UnfinishedAsync(NpgsqlConnection db)
    {
        var lines = new List<string>();
        foreach (var sql in (string[])[
                     """SELECT "Id"::text || ' ' || "Kind" || ' ' || "Status" || ' attempts=' || "Attempts" || ' worker=' || coalesce("Worker", '-') FROM "Jobs" WHERE "Status" IN ('Queued', 'Running')""",
                     """SELECT id || ' heartbeat=' || lastheartbeat::text FROM hangfire.server""",
                     """SELECT 'queue ' || queue || ' job ' || jobid || ' fetched=' || coalesce(fetchedat::text, '-') FROM hangfire.jobqueue"""])
        {
            await using var command = new NpgsqlCommand(sql, db);
            await using var reader = await command.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
                lines.Add(reader.GetString(0));
        }
        return string.Join('\n', lines);
    }

    private static string Tail(string output) => output.Length > 4000 ? output[^4000..] : output;
}
