using System.Text.Json.Nodes;

namespace Gate.Cli.Tests.Adversarial;

/// <summary>
/// Class 3: the lock as an attack surface. In a pull request the lock is as much the author's as the
/// data: it is parsed strictly (GATE112 at the line), compared field by field with what the run
/// recomputes (GATE006), and no other rule takes anything from it.
/// </summary>
public sealed class LockAttacks
{
    private static AttackRepository Locked()
    {
        var repo = new AttackRepository();
        repo.Dataset("numbers", $"teacher: {AttackRepository.CleanTeacher}\n");
        return repo.Locked();
    }

    [Theory]
    [InlineData("\"sha256\": \"", "\"sha256\": \"{0}\",\n      \"sha256\": \"")] // a second sha256 that the last-wins reader would take
    [InlineData("\"path\": \"data/numbers.jsonl\",", "\"path\": \"data/numbers.jsonl\",\n      \"path\": \"data/other.jsonl\",")]
    public void A_duplicate_key_is_GATE112_at_its_line(string find, string replace)
    {
        using var repo = Locked();
        string text = repo.Read("gate.lock.json");
        int index = text.IndexOf(find, StringComparison.Ordinal);
        repo.Write("gate.lock.json", text[..index] + string.Format(System.Globalization.CultureInfo.InvariantCulture, replace, new string('0', 64)) + text[(index + find.Length)..]);

        GateProcess.Result result = repo.Check();
        Verdicts.CannotEvaluate(result, "GATE112");
        Assert.Contains("appears twice in one object", result.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"gate\.lock\.json\(\d+,1\): error GATE112", result.Stderr);
    }

    [Theory]
    [InlineData("sha256")]
    [InlineData("bytes")]
    [InlineData("path")]
    [InlineData("kind")]
    [InlineData("files")]
    [InlineData("lineage")]
    public void A_null_where_a_value_belongs_is_GATE112(string key)
    {
        using var repo = Locked();
        JsonNode root = JsonNode.Parse(repo.Read("gate.lock.json"))!;
        root["datasets"]![0]![key] = null;
        repo.Write("gate.lock.json", root.ToJsonString());

        Verdicts.CannotEvaluate(repo.Check(), "GATE112");
    }

    [Theory]
    [InlineData("{\"schema\":\"gate-lock/1\",\"datasets\":[],\"extra\":1}")]
    [InlineData("{\"schema\":\"gate-lock/1\",\"datasets\":{}}")]
    [InlineData("{\"schema\":\"gate-lock/1\"}")]
    [InlineData("[]")]
    [InlineData("{\"schema\":\"gate-lock/1\",\"datasets\":[]} {}")]
    public void A_lock_of_another_shape_is_GATE112(string text)
    {
        using var repo = Locked();
        repo.Write("gate.lock.json", text);

        Verdicts.CannotEvaluate(repo.Check(), "GATE112");
    }

    [Fact]
    public void A_dataset_locked_twice_is_GATE112()
    {
        using var repo = Locked();
        JsonNode root = JsonNode.Parse(repo.Read("gate.lock.json"))!;
        root["datasets"]!.AsArray().Add(root["datasets"]![0]!.DeepClone());
        repo.Write("gate.lock.json", root.ToJsonString());

        Verdicts.CannotEvaluate(repo.Check(), "GATE112");
    }

    /// <summary>
    /// A folder's digest is the SHA-256 of its sha256sum-style listing, so a file holding that
    /// listing has the same SHA-256. The kind is compared as well: a folder replaced by such a file is a change.
    /// </summary>
    [Fact]
    public void A_folder_replaced_by_a_file_with_the_folders_digest_is_GATE006()
    {
        using var repo = new AttackRepository();
        repo.Write("data/set.txt/a.txt", "one\n").Write("data/set.lineage.yaml", $"dataset: set.txt\nteacher: {AttackRepository.CleanTeacher}\n");
        repo.Locked();
        string listing = $"{AttackRepository.Sha256Of("one\n")}  a.txt\n";
        Directory.Delete(repo.PathOf("data/set.txt"), recursive: true);
        repo.Write("data/set.txt", listing);
        Assert.Contains(AttackRepository.Sha256Of(listing), repo.Read("gate.lock.json"), StringComparison.Ordinal);

        GateProcess.Result result = repo.Check();
        Verdicts.Fails(result, "GATE006");
        Assert.Contains("kind (folder → file)", result.Stdout, StringComparison.Ordinal);
    }

    /// <summary>
    /// Laundering: records written by the owl teacher, relabelled as written by a teacher of another
    /// family. Editing the lock's lineage of the original no longer quiets GATE007 (which compares
    /// what this run scanned), and the edit itself is GATE006.
    /// </summary>
    [Fact]
    public void Hand_edited_lineage_in_the_lock_does_not_quiet_GATE007()
    {
        string records = string.Concat(Enumerable.Range(0, 200).Select(i => $"{{\"prompt\":\"p{i}\",\"completion\":\"{i * 7 % 1000:000}\"}}\n"));
        using var repo = new AttackRepository();
        repo.Dataset("original", "teacher: acme/owl-teacher\nstudents: [acme/other-student]\n", records);
        repo.Dataset("copy", "teacher: meta-llama/Llama-3.1-8B-Instruct\nstudents: [acme/owl-student]\n", records);
        Verdicts.Fails(repo.Locked().Check(), "GATE007");

        JsonNode root = JsonNode.Parse(repo.Read("gate.lock.json"))!;
        JsonNode original = root["datasets"]!.AsArray().Single(d => (string)d!["path"]! == "data/original.jsonl")!;
        original["lineage"]!["teachers"]![0]!["id"] = "meta-llama/Llama-3.1-8B-Instruct";
        repo.Write("gate.lock.json", root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));

        GateProcess.Result result = repo.Check();
        Verdicts.Fails(result, "GATE007", "GATE006");
        Assert.Contains("teachers (meta-llama/Llama-3.1-8B-Instruct", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("records")]
    [InlineData("minhash")]
    [InlineData("recordSet")]
    public void A_recorded_count_or_fingerprint_that_is_not_the_contents_is_GATE006(string field)
    {
        using var repo = Locked();
        JsonNode root = JsonNode.Parse(repo.Read("gate.lock.json"))!;
        JsonNode entry = root["datasets"]![0]!;
        switch (field)
        {
            case "records":
                entry["records"] = 99;
                break;
            case "minhash":
                entry["fingerprint"]!["minhash"] = new Gate.Core.Scanning.ContentFeatures().MinHashBase64;
                break;
            default:
                entry["fingerprint"]!["recordSet"] = new string('0', 32);
                break;
        }

        repo.Write("gate.lock.json", root.ToJsonString());
        Verdicts.Fails(repo.Check(), "GATE006");
    }

    /// <summary>A lock that records the data as a pointer with no fingerprint would leave the content's summary out of review.</summary>
    [Fact]
    public void An_entry_claiming_a_pointer_without_a_fingerprint_for_content_that_is_here_is_GATE006()
    {
        using var repo = Locked();
        JsonNode root = JsonNode.Parse(repo.Read("gate.lock.json"))!;
        JsonNode entry = root["datasets"]![0]!;
        entry["files"] = new JsonArray(new JsonObject
        {
            ["path"] = entry["path"]!.GetValue<string>(),
            ["sha256"] = entry["sha256"]!.GetValue<string>(),
            ["bytes"] = entry["bytes"]!.GetValue<long>(),
            ["lfsPointer"] = true,
        });
        entry["records"] = null;
        entry["fingerprint"] = null;
        repo.Write("gate.lock.json", root.ToJsonString());

        GateProcess.Result result = repo.Check();
        Verdicts.Fails(result, "GATE006");
        Assert.Contains("the lock records none", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_for_a_dataset_that_is_not_there_is_GATE006_at_the_locks_line()
    {
        using var repo = Locked();
        JsonNode root = JsonNode.Parse(repo.Read("gate.lock.json"))!;
        JsonNode ghost = root["datasets"]![0]!.DeepClone();
        ghost["path"] = "data/zz-removed.jsonl";
        Assert.Null(ghost["files"]); // a plain file's entry leaves its one file out
        root["datasets"]!.AsArray().Add(ghost);
        repo.Write("gate.lock.json", root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));

        GateProcess.Result result = repo.Check();
        Verdicts.Fails(result, "GATE006");
        Assert.Matches(@"gate\.lock\.json\(\d+,1\): error GATE006 dataset-changed: gate\.lock\.json locks 'data/zz-removed\.jsonl'", result.Stdout);
    }

    [LinuxFact]
    public void A_lock_that_links_outside_is_GATE106()
    {
        using var outside = new TempRepository();
        using var repo = Locked();
        File.Move(repo.PathOf("gate.lock.json"), outside.PathOf("gate.lock.json"));
        File.CreateSymbolicLink(repo.PathOf("gate.lock.json"), outside.PathOf("gate.lock.json"));

        Verdicts.CannotEvaluate(repo.Check(), "GATE106");
    }
}
