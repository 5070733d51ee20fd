using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Earshot.Server.Tests.Infrastructure;
using Earshot.Testing;
using Microsoft.EntityFrameworkCore;

namespace Earshot.Server.Tests;

[Collection(SharedServerCollection.Name)]
public sealed class RecordingsApiTests(SharedServer factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Jfk = "jfk/jfk.wav"; // "and so my fellow americans ask not what your country can do for you ..."
    private const string Short = "librispeech/3752-4944-0001.flac"; // "abandoned indeed by god and man almost", 4.4 s

    [Fact]
    public async Task UploadIsAnalysedIntoWordsKeywordCountsHitsAndSentiment()
    {
        var client = await factory.CreateUserClientAsync();
        var created = await client.PostAsync("/v1/recordings", Form(Jfk, ("name", "JFK inaugural"), ("keywords[]", "Country"),
            ("keywords[]", "fellow Americans"), ("keywords[]", "refrigerator")), Ct);
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var body = await created.ReadJsonAsync();
        Assert.Equal("queued", body.GetProperty("status").GetString());
        Assert.Equal($"/v1/recordings/{body.GetProperty("id").GetGuid()}", created.Headers.Location?.OriginalString);

        var recording = await WaitForRecordingAsync(client, body);
        Assert.Equal("succeeded", recording.GetProperty("status").GetString());
        Assert.Equal("pocketsphinx", recording.GetProperty("result_model").GetString());
        Assert.False(string.IsNullOrEmpty(recording.GetProperty("result_model_version").GetString()));
        var result = recording.GetProperty("result");
        Assert.Contains("country", result.GetProperty("text").GetString());

        var words = result.GetProperty("words").EnumerateArray().ToList();
        Assert.All(words, w => Assert.True(w.GetProperty("end").GetDouble() >= w.GetProperty("start").GetDouble()));
        Assert.InRange(words.Select(w => w.GetProperty("conf").GetDouble()).Average(), 0.01, 1);
        var countryWords = words.Where(w => w.GetProperty("word").GetString() == "country").ToList();
        Assert.NotEmpty(countryWords);

        // Counts follow the recognised words; the absent keyword is neither counted nor hit.
        var freqs = result.GetProperty("word_freqs");
        Assert.Equal(countryWords.Count, freqs.GetProperty("Country").GetInt32());
        Assert.Equal(0, freqs.GetProperty("refrigerator").GetInt32());
        var hits = result.GetProperty("keyword_hits").EnumerateArray().ToList();
        Assert.DoesNotContain(hits, h => h.GetProperty("keyword").GetString() == "refrigerator");
        var countryHits = hits.Where(h => h.GetProperty("keyword").GetString() == "Country").ToList();
        Assert.Equal(countryWords.Count, countryHits.Count(h => Sources(h).Contains("transcript")));
        foreach (var word in countryWords)
            Assert.Contains(countryHits, h => Overlaps(h, word));
        Assert.Contains(hits, h => Sources(h).Contains("acoustic"));
        Assert.Contains(countryHits, h => Sources(h).SequenceEqual(["transcript", "acoustic"]));
        // Places only the spotter heard are listed apart, with a calibrated confidence, and never in keyword_hits.
        Assert.All(hits, h => Assert.Contains("transcript", Sources(h)));
        Assert.All(result.GetProperty("acoustic_hits").EnumerateArray(), h =>
        {
            Assert.Equal(["acoustic"], Sources(h));
            Assert.InRange(h.GetProperty("confidence").GetDouble(), 0, 1);
        });

        var sentiment = result.GetProperty("sentiment");
        var overall = sentiment.GetProperty("overall");
        Assert.Equal(1, overall.GetProperty("neg").GetDouble() + overall.GetProperty("neu").GetDouble() + overall.GetProperty("pos").GetDouble(), 2);
        var sentences = sentiment.GetProperty("sentences").EnumerateArray().ToList();
        Assert.NotEmpty(sentences);
        Assert.Equal(result.GetProperty("text").GetString(), string.Join(' ', sentences.Select(s => s.GetProperty("text").GetString())));
        Assert.All(sentences, s => Assert.True(s.GetProperty("end").GetDouble() > s.GetProperty("start").GetDouble()));

        var job = await client.WaitForJobAsync(recording.GetProperty("job_id").GetGuid());
        Assert.Equal("recording.analyze", job.GetProperty("kind").GetString());
        Assert.Equal(words.Count, job.GetProperty("result").GetProperty("words").GetInt32());
    }

    [Fact]
    public async Task ExistingFileByJsonOrFormWithOptionsOff()
    {
        var client = await factory.CreateUserClientAsync();
        var fileId = await client.UploadAudioAsync(RepositoryPaths.Speech(Short));

        var json = await client.PostAsJsonAsync("/v1/recordings", new { file_id = fileId, keywords = new[] { "god", "abandoned indeed" }, timestamps = false, sentiment = false }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, json.StatusCode);
        var fromJson = await WaitForRecordingAsync(client, await json.ReadJsonAsync());
        Assert.Equal("3752-4944-0001", fromJson.GetProperty("name").GetString());
        Assert.Equal(fileId, fromJson.GetProperty("audio_file_id").GetGuid());
        var result = fromJson.GetProperty("result");
        Assert.Equal(JsonValueKind.Null, result.GetProperty("words").ValueKind);
        Assert.Equal(JsonValueKind.Null, result.GetProperty("sentiment").ValueKind);
        Assert.Equal(["god", "abandoned indeed"], result.GetProperty("word_freqs").EnumerateObject().Select(p => p.Name));

        var form = await client.PostAsync("/v1/recordings", new FormUrlEncodedContent(
            [new("file_id", fileId.ToString()), new("name", "form one"), new("keywords[]", "man"), new("keywords[]", "almost"), new("sentiment", "false")]), Ct);
        Assert.Equal(HttpStatusCode.Accepted, form.StatusCode);
        var fromForm = await form.ReadJsonAsync();
        Assert.Equal(["man", "almost"], fromForm.GetProperty("keywords").EnumerateArray().Select(k => k.GetString()));
        Assert.True(fromForm.GetProperty("options").GetProperty("timestamps").GetBoolean());
        Assert.False(fromForm.GetProperty("options").GetProperty("sentiment").GetBoolean());
        Assert.Equal("succeeded", (await WaitForRecordingAsync(client, fromForm)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task CompatFieldNamesWordsAndGetTimestampsAreAccepted()
    {
        var client = await factory.CreateUserClientAsync();
        var fileId = await client.UploadAudioAsync(RepositoryPaths.Speech(Short));

        var form = await client.PostAsync("/v1/recordings", new FormUrlEncodedContent(
            [new("file_id", fileId.ToString()), new("words", "[\"god\", \"abandoned\"]"), new("get_timestamps", "false"), new("sentiment", "false")]), Ct);
        Assert.Equal(HttpStatusCode.Accepted, form.StatusCode);
        var fromForm = await form.ReadJsonAsync();
        Assert.Equal(["god", "abandoned"], fromForm.GetProperty("keywords").EnumerateArray().Select(k => k.GetString()));
        Assert.False(fromForm.GetProperty("options").GetProperty("timestamps").GetBoolean());

        var json = await client.PostAsJsonAsync("/v1/recordings", new { file_id = fileId, words = new[] { "indeed" }, get_timestamps = true, sentiment = false }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, json.StatusCode);
        var fromJson = await WaitForRecordingAsync(client, await json.ReadJsonAsync());
        Assert.Equal(["indeed"], fromJson.GetProperty("keywords").EnumerateArray().Select(k => k.GetString()));
        Assert.NotEqual(JsonValueKind.Null, fromJson.GetProperty("result").GetProperty("words").ValueKind);

        var both = await client.PostAsJsonAsync("/v1/recordings", new { file_id = fileId, words = new[] { "a" }, keywords = new[] { "b" } }, Ct);
        await both.AssertProblemAsync(422, "keywords or words");
        var badList = await client.PostAsync("/v1/recordings", new FormUrlEncodedContent([new("file_id", fileId.ToString()), new("words", "[\"unclosed")]), Ct);
        await badList.AssertProblemAsync(422, "JSON list of strings");
    }

    [Fact]
    public async Task ListIsOwnPagedAndFiltered()
    {
        var client = await factory.CreateUserClientAsync();
        var other = await factory.CreateUserClientAsync();
        var fileId = await client.UploadAudioAsync(RepositoryPaths.Speech(Short));
        foreach (var name in new[] { "Alpha one", "beta", "alphabet" })
            Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync("/v1/recordings", new { file_id = fileId, name, sentiment = false }, Ct)).StatusCode);
        var otherFile = await other.UploadAudioAsync(RepositoryPaths.Speech(Short));
        await other.PostAsJsonAsync("/v1/recordings", new { file_id = otherFile, name = "alpha of someone else", sentiment = false }, Ct);

        var first = await (await client.GetAsync("/v1/recordings?page=1&page_size=2", Ct)).ReadJsonAsync();
        Assert.Equal(3, first.GetProperty("total").GetInt32());
        Assert.Equal(["alphabet", "beta"], Names(first));
        Assert.Equal(JsonValueKind.Null, first.GetProperty("items")[0].GetProperty("result").ValueKind);
        Assert.Equal(["Alpha one"], Names(await (await client.GetAsync("/v1/recordings?page=2&page_size=2", Ct)).ReadJsonAsync()));
        Assert.Equal(["alphabet", "Alpha one"], Names(await (await client.GetAsync("/v1/recordings?name=ALPHA", Ct)).ReadJsonAsync()));

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd");
        Assert.Equal(3, (await (await client.GetAsync($"/v1/recordings?from={today}&to={today}", Ct)).ReadJsonAsync()).GetProperty("total").GetInt32());
        Assert.Equal(0, (await (await client.GetAsync($"/v1/recordings?to={yesterday}", Ct)).ReadJsonAsync()).GetProperty("total").GetInt32());
        var future = Uri.EscapeDataString(DateTime.UtcNow.AddMinutes(5).ToString("O"));
        Assert.Equal(0, (await (await client.GetAsync($"/v1/recordings?from={future}", Ct)).ReadJsonAsync()).GetProperty("total").GetInt32());

        await (await client.GetAsync("/v1/recordings?page_size=0", Ct)).AssertProblemAsync(422, "page_size");
        await (await client.GetAsync("/v1/recordings?from=last-tuesday", Ct)).AssertProblemAsync(422, "from");
        var twoDaysAgo = DateTime.UtcNow.AddDays(-2).ToString("yyyy-MM-dd");
        await (await client.GetAsync($"/v1/recordings?from={today}&to={twoDaysAgo}", Ct)).AssertProblemAsync(422, "after");
    }

    [Fact]
    public async Task RenameKeepsTheResultAndAKeywordChangeRerunsTheAnalysis()
    {
        var client = await factory.CreateUserClientAsync();
        var fileId = await client.UploadAudioAsync(RepositoryPaths.Speech(Short));
        var created = await (await client.PostAsJsonAsync("/v1/recordings", new { file_id = fileId, keywords = new[] { "god" }, sentiment = false }, Ct)).ReadJsonAsync();
        var done = await WaitForRecordingAsync(client, created);
        var id = done.GetProperty("id").GetGuid();
        var firstJob = done.GetProperty("job_id").GetGuid();
        Assert.Equal(1, done.GetProperty("result").GetProperty("word_freqs").GetProperty("god").GetInt32());

        var renamed = await client.PatchAsJsonAsync($"/v1/recordings/{id}", new { name = "renamed" }, Ct);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var afterRename = await renamed.ReadJsonAsync();
        Assert.Equal("renamed", afterRename.GetProperty("name").GetString());
        Assert.Equal(firstJob, afterRename.GetProperty("job_id").GetGuid());
        Assert.Equal("succeeded", afterRename.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Object, afterRename.GetProperty("result").ValueKind);

        var changed = await client.PutAsJsonAsync($"/v1/recordings/{id}", new { keywords = new[] { "man", "devil" } }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, changed.StatusCode);
        var queued = await changed.ReadJsonAsync();
        Assert.NotEqual(firstJob, queued.GetProperty("job_id").GetGuid());
        Assert.Equal(JsonValueKind.Null, queued.GetProperty("result").ValueKind);
        var rerun = await WaitForRecordingAsync(client, queued);
        Assert.Equal("renamed", rerun.GetProperty("name").GetString());
        var freqs = rerun.GetProperty("result").GetProperty("word_freqs");
        Assert.Equal(["man", "devil"], freqs.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, freqs.GetProperty("man").GetInt32());
        Assert.Equal(0, freqs.GetProperty("devil").GetInt32());
    }

    [Fact]
    public async Task AnalyzeRunsTheSameAnalysisAgainAsANewJobButNotWhileOneIsPending()
    {
        var client = await factory.CreateUserClientAsync();
        var created = await (await client.PostAsync("/v1/recordings", Form(Short, ("keywords[]", "god"), ("sentiment", "false")), Ct)).ReadJsonAsync();
        var id = created.GetProperty("id").GetGuid();
        var first = await WaitForRecordingAsync(client, created);
        Assert.Equal("succeeded", first.GetProperty("status").GetString());

        var rerun = await client.PostAsync($"/v1/recordings/{id}/analyze", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, rerun.StatusCode);
        var queued = await rerun.ReadJsonAsync();
        Assert.NotEqual(first.GetProperty("job_id").GetGuid(), queued.GetProperty("job_id").GetGuid());
        Assert.Equal(JsonValueKind.Null, queued.GetProperty("result").ValueKind);
        await (await client.PostAsync($"/v1/recordings/{id}/analyze", null, Ct)).AssertProblemAsync(409, "being analysed");

        var second = await WaitForRecordingAsync(client, queued);
        Assert.Equal("succeeded", second.GetProperty("status").GetString());
        Assert.Equal(first.GetProperty("result").GetProperty("text").GetString(), second.GetProperty("result").GetProperty("text").GetString());
        Assert.Equal(["god"], second.GetProperty("keywords").EnumerateArray().Select(k => k.GetString()));

        await (await client.PostAsync($"/v1/recordings/{Guid.NewGuid()}/analyze", null, Ct)).AssertProblemAsync(404, "No such recording");
        await (await client.PostAsync("/v1/recordings/not-an-id/analyze", null, Ct)).AssertProblemAsync(422, "UUID");
        var stranger = await factory.CreateUserClientAsync();
        await (await stranger.PostAsync($"/v1/recordings/{id}/analyze", null, Ct)).AssertProblemAsync(404, "No such recording");
    }

    [Fact]
    public async Task DeleteRemovesTheRecordingAndItsAudioFile()
    {
        var client = await factory.CreateUserClientAsync();
        var created = await (await client.PostAsync("/v1/recordings", Form(Short, ("sentiment", "false")), Ct)).ReadJsonAsync();
        var done = await WaitForRecordingAsync(client, created);
        var fileId = done.GetProperty("audio_file_id").GetGuid();
        Assert.Contains(factory.StoredFiles(), f => f.Contains(fileId.ToString("N")));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/recordings/{done.GetProperty("id")}", Ct)).StatusCode);
        await (await client.GetAsync($"/v1/recordings/{done.GetProperty("id")}", Ct)).AssertProblemAsync(404);
        await (await client.GetAsync($"/v1/audio/download?file={fileId}", Ct)).AssertProblemAsync(404);
        Assert.DoesNotContain(factory.StoredFiles(), f => f.Contains(fileId.ToString("N")));
        Assert.False(await factory.QueryDbAsync(db => db.Files.AnyAsync(f => f.Id == fileId, Ct)));
        await (await client.DeleteAsync($"/v1/recordings/{done.GetProperty("id")}", Ct)).AssertProblemAsync(404);
    }

    [Fact]
    public async Task AnotherUsersRecordingAndFileAreNotFound()
    {
        var owner = await factory.CreateUserClientAsync();
        var stranger = await factory.CreateUserClientAsync();
        var fileId = await owner.UploadAudioAsync(RepositoryPaths.Speech(Short));
        var created = await (await owner.PostAsJsonAsync("/v1/recordings", new { file_id = fileId, sentiment = false }, Ct)).ReadJsonAsync();
        var id = created.GetProperty("id").GetGuid();

        await (await stranger.GetAsync($"/v1/recordings/{id}", Ct)).AssertProblemAsync(404);
        await (await stranger.PatchAsJsonAsync($"/v1/recordings/{id}", new { name = "mine now" }, Ct)).AssertProblemAsync(404);
        await (await stranger.DeleteAsync($"/v1/recordings/{id}", Ct)).AssertProblemAsync(404);
        await (await stranger.PostAsJsonAsync("/v1/recordings", new { file_id = fileId }, Ct)).AssertProblemAsync(404, "audio file");
        Assert.Equal(0, (await (await stranger.GetAsync("/v1/recordings", Ct)).ReadJsonAsync()).GetProperty("total").GetInt32());
        Assert.Equal("succeeded", (await WaitForRecordingAsync(owner, created)).GetProperty("status").GetString());
    }

    public static TheoryData<string, int, string> BadUploads => new()
    {
        { "empty-keyword", 422, "keywords[1] is empty" },
        { "too-many-keywords", 422, "At most 100" },
        { "too-long-keyword", 422, "limit is 100" },
        { "wordless-keyword", 422, "no word" },
        { "unknown-model", 404, "pocketsphinx" },
        { "bad-bool", 422, "timestamps must be true or false" },
        { "tiny-chunks", 422, "chunk_seconds" },
        { "text-file", 415, "allowed extensions" },
        { "garbage-wav", 422, "" },
        { "file-and-file-id", 422, "not both" },
        { "no-audio", 422, "file_id" },
        { "bad-file-id", 422, "file_id must be" },
        { "unknown-file-id", 404, "audio file" },
        { "empty-json-keywords", 422, "at least one keyword" },
        { "malformed-json", 422, "malformed" },
        { "xml", 415, "multipart" },
    };

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task BadInputIsAPreciseProblemAndStoresNothing(string scenario, int status, string detail)
    {
        var userName = "r" + Guid.NewGuid().ToString("N")[..12];
        var client = await factory.CreateUserClientAsync(userName);
        HttpContent content = scenario switch
        {
            "empty-keyword" => Form(Short, ("keywords[]", "god"), ("keywords[]", "  ")),
            "too-many-keywords" => Form(Short, [.. Enumerable.Range(0, 101).Select(i => ("keywords[]", $"word{i}"))]),
            "too-long-keyword" => Form(Short, ("keywords[]", new string('a', 101))),
            "wordless-keyword" => Form(Short, ("keywords[]", "?!")),
            "unknown-model" => Form(Short, ("model", "no-such-model")),
            "bad-bool" => Form(Short, ("timestamps", "maybe")),
            "tiny-chunks" => Form(Short, ("chunk_seconds", "1")),
            "text-file" => FormWith("notes.txt", "hello"u8.ToArray()),
            "garbage-wav" => FormWith("noise.wav", [.. Enumerable.Range(0, 4000).Select(i => (byte)(i * 37))]),
            "file-and-file-id" => Form(Short, ("file_id", Guid.NewGuid().ToString())),
            "no-audio" => new FormUrlEncodedContent([new("name", "nothing")]),
            "bad-file-id" => JsonContent.Create(new { file_id = "not-a-uuid" }),
            "unknown-file-id" => JsonContent.Create(new { file_id = Guid.NewGuid() }),
            "empty-json-keywords" => JsonContent.Create(new { file_id = Guid.NewGuid(), keywords = Array.Empty<string>() }),
            "malformed-json" => new StringContent("{\"file_id\": ", System.Text.Encoding.UTF8, "application/json"),
            "xml" => new StringContent("<recording/>", System.Text.Encoding.UTF8, "application/xml"),
            _ => throw new ArgumentException(scenario),
        };

        await (await client.PostAsync("/v1/recordings", content, Ct)).AssertProblemAsync(status, detail);

        var userId = await factory.QueryDbAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync(Ct));
        Assert.Equal(0, await factory.QueryDbAsync(db => db.Recordings.CountAsync(r => r.OwnerId == userId, Ct)));
        Assert.Equal(0, await factory.QueryDbAsync(db => db.Files.CountAsync(f => f.OwnerId == userId, Ct)));
        Assert.Equal(0, await factory.QueryDbAsync(db => db.Jobs.CountAsync(j => j.OwnerId == userId, Ct)));
        Assert.DoesNotContain(factory.StoredFiles(), f => f.StartsWith(userId.ToString("N")));
    }

    [Fact]
    public async Task BadIdsAndBadChangesAreProblems()
    {
        var client = await factory.CreateUserClientAsync();
        await (await client.GetAsync("/v1/recordings/not-an-id", Ct)).AssertProblemAsync(422, "UUID");
        await (await client.DeleteAsync("/v1/recordings/42", Ct)).AssertProblemAsync(422, "UUID");
        await (await client.GetAsync($"/v1/recordings/{Guid.NewGuid()}", Ct)).AssertProblemAsync(404);

        var fileId = await client.UploadAudioAsync(RepositoryPaths.Speech(Short));
        var created = await (await client.PostAsJsonAsync("/v1/recordings", new { file_id = fileId, keywords = new[] { "god" }, sentiment = false }, Ct)).ReadJsonAsync();
        var id = created.GetProperty("id").GetGuid();
        await (await client.PatchAsJsonAsync($"/v1/recordings/{id}", new { keywords = new[] { "" } }, Ct)).AssertProblemAsync(422, "keywords[0]");
        await (await client.PatchAsJsonAsync($"/v1/recordings/{id}", new { model = "nope" }, Ct)).AssertProblemAsync(404, "pocketsphinx");
        await (await client.PatchAsJsonAsync($"/v1/recordings/{id}", new { name = " " }, Ct)).AssertProblemAsync(422, "name");
        await (await client.PatchAsJsonAsync($"/v1/recordings/{id}", new { file_id = Guid.NewGuid() }, Ct)).AssertProblemAsync(422, "cannot be changed");
        await (await client.PatchAsync($"/v1/recordings/{id}", new StringContent("name=x", System.Text.Encoding.UTF8, "text/plain"), Ct)).AssertProblemAsync(415);

        var unchanged = await WaitForRecordingAsync(client, created);
        Assert.Equal(created.GetProperty("job_id").GetGuid(), unchanged.GetProperty("job_id").GetGuid());
        Assert.Equal(["god"], unchanged.GetProperty("keywords").EnumerateArray().Select(k => k.GetString()));
    }

    [Fact]
    public async Task AJobWhoseAudioVanishedLeavesTheRecordingFailedWithoutAResult()
    {
        var client = await factory.CreateUserClientAsync();
        var created = await (await client.PostAsync("/v1/recordings", Form(Short, ("keywords[]", "god"), ("sentiment", "false")), Ct)).ReadJsonAsync();
        var done = await WaitForRecordingAsync(client, created);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());

        // The canonical WAV disappears from the store (disk trouble, an operator's mistake); the re-run cannot read it.
        var fileId = done.GetProperty("audio_file_id").GetGuid().ToString("N");
        var canonical = factory.StoredFiles().Single(f => f.Contains(fileId) && f.EndsWith("canonical.wav"));
        File.Delete(Path.Combine(factory.DataDirectory, "files", canonical));

        var rerun = await client.PatchAsJsonAsync($"/v1/recordings/{done.GetProperty("id")}", new { keywords = new[] { "man" } }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, rerun.StatusCode);
        var failed = await WaitForRecordingAsync(client, await rerun.ReadJsonAsync());
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Contains("missing from the file store", failed.GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("result").ValueKind);
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("result_model").ValueKind);
        var job = await client.WaitForJobAsync(failed.GetProperty("job_id").GetGuid());
        Assert.Equal("failed", job.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ALongFileIsAnalysedInChunksWithTimesThatKeepRising()
    {
        var client = await factory.CreateUserClientAsync();
        // About 30 s of LibriSpeech, then JFK's "... ask not what your country can do for you ..." at the end.
        var manifest = SpeechManifest.Load();
        var samples = manifest.Where(s => s.File.StartsWith("librispeech/")).ToList();
        samples = [.. samples.Take(Enumerable.Range(1, samples.Count).First(n => samples.Take(n).Sum(s => s.Duration) >= 30)), manifest.Single(s => s.File == Jfk)];
        var wav = Path.Combine(Path.GetTempPath(), $"earshot-long-{Guid.NewGuid():N}.wav");
        IReadOnlyList<SpeechSample> used;
        try
        {
            used = await SpeechConcat.BuildWavAsync(samples, samples.Sum(s => s.Duration) - 0.1, wav, Ct);
            Assert.Equal(samples, used);
            const string last = "country";
            var created = await client.PostAsync("/v1/recordings",
                FormWith("long.wav", File.ReadAllBytes(wav), ("chunk_seconds", "10"), ("keywords[]", last), ("sentiment", "true")), Ct);
            Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
            var body = await created.ReadJsonAsync();

            var progress = new SortedSet<int>();
            var jobId = body.GetProperty("job_id").GetGuid();
            for (var deadline = DateTime.UtcNow.AddMinutes(2); DateTime.UtcNow < deadline;)
            {
                var job = await (await client.GetAsync($"/v1/jobs/{jobId}", Ct)).ReadJsonAsync();
                progress.Add(job.GetProperty("progress").GetInt32());
                if (job.GetProperty("status").GetString() is not ("queued" or "running"))
                    break;
                await Task.Delay(100, Ct);
            }
            var recording = await WaitForRecordingAsync(client, body);
            Assert.Equal("succeeded", recording.GetProperty("status").GetString());
            var result = recording.GetProperty("result");

            var chunks = result.GetProperty("chunks").EnumerateArray().ToList();
            Assert.InRange(chunks.Count, 4, 8);
            Assert.All(chunks, c => Assert.InRange(c.GetProperty("end").GetDouble() - c.GetProperty("start").GetDouble(), 0.1, 10.001));
            Assert.InRange(result.GetProperty("duration").GetDouble(), 35, 50);
            Assert.True(progress.Count(p => p is > 0 and < 100) >= 2, $"progress seen: {string.Join(", ", progress)}");

            var words = result.GetProperty("words").EnumerateArray().ToList();
            var starts = words.Select(w => w.GetProperty("start").GetDouble()).ToList();
            Assert.Equal(starts.Order(), starts);
            foreach (var chunk in chunks)
                Assert.True(starts.Any(s => s >= chunk.GetProperty("start").GetDouble() && s < chunk.GetProperty("end").GetDouble()), $"no word in chunk {chunk}");
            var sentenceStarts = result.GetProperty("sentiment").GetProperty("sentences").EnumerateArray().Select(s => s.GetProperty("start").GetDouble()).ToList();
            Assert.Equal(sentenceStarts.Order(), sentenceStarts);
            // The keyword from the last utterance is found inside it, in the recording's clock, well after the first chunk.
            var lastStart = used.Take(used.Count - 1).Sum(s => s.Duration);
            Assert.True(result.GetProperty("keyword_hits").EnumerateArray().Any(h => h.GetProperty("start").GetDouble() > lastStart - 0.5
                && Array.IndexOf(Sources(h), "transcript") >= 0),
                $"'{last}' not found in the last chunk: {result.GetProperty("keyword_hits")} {result.GetProperty("chunks")} {result.GetProperty("text")}");
        }
        finally
        {
            File.Delete(wav);
        }
    }

    private static MultipartFormDataContent Form(string sample, params (string Name, string Value)[] fields) =>
        FormWith(Path.GetFileName(sample), File.ReadAllBytes(RepositoryPaths.Speech(sample)), fields);

    private static MultipartFormDataContent FormWith(string fileName, byte[] bytes, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
            form.Add(new StringContent(value), name);
        form.Add(new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } }, "file", fileName);
        return form;
    }

    /// <summary>Waits for the recording's job, then reads the recording.</summary>
    private static async Task<JsonElement> WaitForRecordingAsync(HttpClient client, JsonElement recording)
    {
        await client.WaitForJobAsync(recording.GetProperty("job_id").GetGuid(), TimeSpan.FromMinutes(2));
        return await (await client.GetAsync($"/v1/recordings/{recording.GetProperty("id").GetGuid()}", Ct)).ReadJsonAsync();
    }

    private static string[] Sources(JsonElement hit) => [.. hit.GetProperty("sources").EnumerateArray().Select(s => s.GetString()!)];

    private static bool Overlaps(JsonElement hit, JsonElement word) =>
        hit.GetProperty("start").GetDouble() < word.GetProperty("end").GetDouble() && word.GetProperty("start").GetDouble() < hit.GetProperty("end").GetDouble();

    private static string?[] Names(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString())];
}
