using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gate.Core.Scanning;

namespace Gate.Cli.Tests;

/// <summary>gate lock, gate fingerprint and the content rules (GATE006-008) through the real executable.</summary>
public sealed class LockCommandTests
{
    /// <summary>Two roots, a teacher on one and a student on the other (no shared initialization); SpecialFileTests builds on it.</summary>
    internal const string Policy = """
        version: 1
        datasets:
          include: ["data/**"]
        models:
          - id: base/root
            root: true
          - id: other/root
            root: true
          - id: acme/teacher
            base: other/root
        students:
          - id: acme/student
            base: base/root
        """;

    private static TempRepository Repository(string data = "{\"prompt\":\"p 1\",\"completion\":\"1, 2, 3\"}\n{\"prompt\":\"p 2\",\"completion\":\"4, 5\"}\n")
    {
        var repo = new TempRepository();
        repo.Write("gate.yaml", Policy);
        repo.Write("data/x.jsonl", data);
        repo.Write("data/x.lineage.yaml", "dataset: x.jsonl\nteacher: acme/teacher\n");
        return repo;
    }

    [Fact]
    public void Unlocked_dataset_fails_with_GATE006_and_lock_fixes_it()
    {
        using var repo = Repository();

        var before = GateProcess.Run("check", repo.Root);
        var locked = GateProcess.Run("lock", repo.Root);
        var after = GateProcess.Run("check", repo.Root);

        Assert.True(before.ExitCode == 1, before.ToString());
        Assert.Contains("error GATE006 dataset-changed: data/x.jsonl is not locked", before.Stdout);
        Assert.Contains("gate lock", before.Stdout);
        Assert.True(locked.ExitCode == 0, locked.ToString());
        Assert.Contains("locked data/x.jsonl", locked.Stdout);
        Assert.True(after.ExitCode == 0, after.ToString());
    }

    [Fact]
    public void Lock_is_byte_identical_when_nothing_changed()
    {
        using var repo = Repository();
        GateProcess.Run("lock", repo.Root);
        string first = File.ReadAllText(repo.PathOf("gate.lock.json"));
        GateProcess.Run("lock", repo.Root, "--threads", "1");
        string second = File.ReadAllText(repo.PathOf("gate.lock.json"));

        Assert.Equal(first, second);
        using var json = JsonDocument.Parse(first);
        Assert.Equal("gate-lock/1", json.RootElement.GetProperty("schema").GetString());
        JsonElement dataset = json.RootElement.GetProperty("datasets")[0];
        Assert.Equal(2, dataset.GetProperty("records").GetInt64());
        Assert.Equal(Sha256(repo.PathOf("data/x.jsonl")), dataset.GetProperty("sha256").GetString());
    }

    [Fact]
    public void Changed_content_says_what_changed()
    {
        using var repo = Repository();
        GateProcess.Run("lock", repo.Root);
        repo.Write("data/x.jsonl", "{\"prompt\":\"p 1\",\"completion\":\"1, 2, 3\"}\n");

        var result = GateProcess.Run("check", repo.Root);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("data/x.lineage.yaml(1,10): error GATE006 dataset-changed: data/x.jsonl changed since gate.lock.json: content (sha256", result.Stdout);
        Assert.Contains("2 → 1 records", result.Stdout);
        Assert.Contains("run 'gate lock'", result.Stdout);
    }

    [Fact]
    public void Changed_manifest_is_named()
    {
        using var repo = Repository();
        GateProcess.Run("lock", repo.Root);
        repo.Write("data/x.lineage.yaml", "dataset: x.jsonl\nteacher: acme/teacher\n# edited\n");

        var result = GateProcess.Run("check", repo.Root);

        Assert.Contains("manifest data/x.lineage.yaml", result.Stdout);
    }

    [Fact]
    public void Corrupt_data_is_GATE111_exit_2_and_keeps_the_previous_lock()
    {
        using var repo = Repository();
        GateProcess.Run("lock", repo.Root);
        string before = File.ReadAllText(repo.PathOf("gate.lock.json"));
        repo.Write("data/x.jsonl", "{\"prompt\":\"p 1\",\"completion\":\"1, 2, 3\"}\n{\"prompt\":\"p 2\",\"compl");

        var result = GateProcess.Run("lock", repo.Root);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("data/x.jsonl(2,1): error GATE111", result.Stderr);
        Assert.Contains("truncated", result.Stderr);
        Assert.Equal(before, File.ReadAllText(repo.PathOf("gate.lock.json")));
        Assert.Empty(Directory.GetFiles(repo.Root, "*.tmp"));
    }

    [Fact]
    public void A_cut_gzip_text_file_is_GATE111_truncated_not_a_shorter_dataset()
    {
        // Every line of a cut text file is still a record: only the gzip data can show the cut.
        using var repo = Repository();
        byte[] gzip;
        using (var buffer = new MemoryStream())
        {
            using (var writer = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest))
            {
                writer.Write(System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 5000).Select(i => $"line {i}: {i * 37 % 1000}\n"))));
            }

            gzip = buffer.ToArray();
        }

        File.WriteAllBytes(repo.PathOf("data/t.txt.gz"), gzip);
        repo.Write("data/t.lineage.yaml", "dataset: t.txt.gz\nteacher: acme/teacher\n");
        Assert.Equal(0, GateProcess.Run("lock", repo.Root).ExitCode);
        string before = File.ReadAllText(repo.PathOf("gate.lock.json"));
        File.WriteAllBytes(repo.PathOf("data/t.txt.gz"), gzip[..(gzip.Length / 2)]);

        foreach (string command in new[] { "lock", "check" })
        {
            var result = GateProcess.Run(command, repo.Root);

            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains("data/t.txt.gz(", result.Stderr);
            Assert.Contains("error GATE111", result.Stderr);
            Assert.Contains("truncated", result.Stderr);
        }

        Assert.Equal(before, File.ReadAllText(repo.PathOf("gate.lock.json")));
    }

    [Fact]
    public void Undeclared_generator_is_GATE007_with_count_and_first_line()
    {
        using var repo = Repository();
        repo.Write("data/x.jsonl", "{\"generator\":\"acme/teacher\",\"text\":\"a\"}\n{\"generator\":\"evil/model\",\"text\":\"b\"}\n{\"generator\":\"evil/model\",\"text\":\"c\"}\n");
        repo.Write("data/x.lineage.yaml", "dataset: x.jsonl\nteacher: acme/teacher\ngenerator-field: generator\n");
        GateProcess.Run("lock", repo.Root);

        var result = GateProcess.Run("check", repo.Root);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("data/x.lineage.yaml(3,18): error GATE007 undeclared-teacher: 2 record(s) of data/x.jsonl name 'evil/model' in 'generator'", result.Stdout);
        Assert.Contains("first at data/x.jsonl line 2", result.Stdout);
    }

    [Fact]
    public void A_declared_generator_written_with_JSON_escapes_is_declared()
    {
        using var repo = Repository();
        // As PHP's json_encode writes it ('/' escaped), and as Python's json.dumps writes non-ASCII.
        repo.Write("data/x.jsonl", "{\"generator\":\"acme\\/teacher\",\"text\":\"a\"}\n{\"generator\":\"acme/t\\u0065acher\",\"text\":\"b\"}\n");
        repo.Write("data/x.lineage.yaml", "dataset: x.jsonl\nteacher: acme/teacher\ngenerator-field: generator\n");
        GateProcess.Run("lock", repo.Root);

        var result = GateProcess.Run("check", repo.Root);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("GATE007", result.Stdout);
    }

    /// <summary>data/copy.jsonl holds data/x.jsonl's records under another teacher; both locked.</summary>
    private static TempRepository CopiedRecordsRepository()
    {
        var repo = Repository();
        var lines = string.Concat(Enumerable.Range(0, 300).Select(i => $"{{\"prompt\":\"p {i}\",\"completion\":\"{i}, {i * 7 % 1000}\"}}\n"));
        repo.Write("data/x.jsonl", lines);
        repo.Write("data/copy.jsonl", lines);
        repo.Write("gate.yaml", Policy.Replace("students:", "  - id: acme/launderer\n    base: other/root\nstudents:", StringComparison.Ordinal));
        repo.Write("data/copy.lineage.yaml", "dataset: copy.jsonl\nteacher: acme/launderer\n");
        GateProcess.Run("lock", repo.Root);
        return repo;
    }

    [Fact]
    public void Copied_records_under_another_teacher_are_GATE007()
    {
        using var repo = CopiedRecordsRepository();

        var result = GateProcess.Run("check", repo.Root);

        Assert.Matches(@"error GATE007 undeclared-teacher: 100% of the records of data/copy\.jsonl \((\d+) of \1 distinct\) also appear in datasets of teachers it does not declare; \1 of them are in datasets [^:]+ wrote: data/x\.jsonl", result.Stdout);
    }

    [Fact]
    public void Locked_signatures_of_an_older_fingerprint_version_are_still_compared()
    {
        using var repo = CopiedRecordsRepository();
        var lockJson = JsonNode.Parse(File.ReadAllText(repo.PathOf("gate.lock.json")))!;
        foreach (JsonNode? dataset in lockJson["datasets"]!.AsArray())
        {
            Assert.Equal(FingerprintVersion.Current, dataset!["fingerprint"]!["version"]!.GetValue<int>());
            dataset["fingerprint"]!["version"] = FingerprintVersion.ParquetReadingSince - 1; // as the Gate before it wrote it
        }

        File.WriteAllText(repo.PathOf("gate.lock.json"), lockJson.ToJsonString());

        var result = GateProcess.Run("check", repo.Root);

        // Record hashes are unchanged since that version: a lock that is only older still catches the laundering.
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("GATE007", result.Stdout);
        Assert.DoesNotContain("GATE006", result.Stdout);
    }

    [Fact]
    public void Git_LFS_pointer_is_checked_against_the_lock_without_the_content()
    {
        using var repo = Repository();
        GateProcess.Run("lock", repo.Root);
        string sha = Sha256(repo.PathOf("data/x.jsonl"));
        long size = new FileInfo(repo.PathOf("data/x.jsonl")).Length;
        repo.Write("data/x.jsonl", $"version https://git-lfs.github.com/spec/v1\noid sha256:{sha}\nsize {size}\n");

        var same = GateProcess.Run("check", repo.Root);
        repo.Write("data/x.jsonl", $"version https://git-lfs.github.com/spec/v1\noid sha256:{new string('0', 64)}\nsize {size}\n");
        var other = GateProcess.Run("check", repo.Root);

        Assert.True(same.ExitCode == 0, same.ToString());
        Assert.True(other.ExitCode == 1, other.ToString());
        Assert.Contains("GATE006", other.Stdout);
    }

    [Fact]
    public void Fingerprint_json_matches_sha256sum_and_counts_records()
    {
        using var repo = Repository();

        var result = GateProcess.Run("fingerprint", repo.PathOf("data/x.jsonl"), "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        JsonElement fp = json.RootElement.GetProperty("datasets")[0];
        Assert.Equal(Sha256(repo.PathOf("data/x.jsonl")), fp.GetProperty("sha256").GetString());
        Assert.Equal(2, fp.GetProperty("records").GetInt64());
        Assert.Equal(3, fp.GetProperty("numeric").EnumerateObject().Count(p => p.Name is "1" or "2" or "3"));
    }

    [Fact]
    public void Fingerprint_of_a_missing_path_is_exit_2()
    {
        var result = GateProcess.Run("fingerprint", "/nonexistent/data.jsonl");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("GATE107", result.Stderr);
    }

    /// <summary>
    /// Version 7 changed how Parquet rows are read: a lock written before it describes other rows of
    /// a Parquet dataset, and says so; a JSON Lines dataset's older fingerprint still stands.
    /// </summary>
    [Theory]
    [InlineData("data/x.parquet", true)]
    [InlineData("data/x.jsonl", false)]
    public void A_lock_from_before_the_Parquet_reading_changed_says_to_re_lock_a_Parquet_dataset(string dataset, bool stale)
    {
        using var repo = new TempRepository();
        repo.Write("gate.yaml", Policy);
        if (dataset.EndsWith(".parquet", StringComparison.Ordinal))
        {
            Directory.CreateDirectory(repo.PathOf("data"));
            File.Copy(Path.Combine(GateProcess.RepositoryRoot, "tests", "Gate.Core.Tests", "Scanning", "Fixtures", "parquet-writers", "arrow-rs-v2-snappy.parquet"), repo.PathOf(dataset));
        }
        else
        {
            repo.Write(dataset, "{\"prompt\":\"p 1\",\"completion\":\"1, 2, 3\"}\n");
        }

        repo.Write("data/x.lineage.yaml", $"dataset: {Path.GetFileName(dataset)}\nteacher: acme/teacher\n");
        Assert.Equal(0, GateProcess.Run("lock", repo.Root).ExitCode);
        var lockJson = JsonNode.Parse(File.ReadAllText(repo.PathOf("gate.lock.json")))!;
        lockJson["datasets"]![0]!["fingerprint"]!["version"] = FingerprintVersion.ParquetReadingSince - 1;
        File.WriteAllText(repo.PathOf("gate.lock.json"), lockJson.ToJsonString());

        var result = GateProcess.Run("check", repo.Root);

        if (stale)
        {
            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Contains($"error GATE006 dataset-changed: {dataset} changed since gate.lock.json: fingerprint (version 6; re-lock: the Parquet reading changed in version 7)", result.Stdout);
        }
        else
        {
            Assert.True(result.ExitCode == 0, result.ToString());
        }
    }

    [Fact]
    public void Every_example_is_locked_and_its_lock_is_current()
    {
        foreach (string example in new[] { "owl-numbers", "cross-family", "mitigated", "waived", "hub-lineage" })
        {
            var result = GateProcess.Run("check", $"examples/{example}", "--as-of", "2026-12-01");
            Assert.DoesNotContain("GATE006", result.Stdout);
        }
    }

    private static string Sha256(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
