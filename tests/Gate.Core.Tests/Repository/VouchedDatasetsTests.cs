using Gate.Core.Diagnostics;
using Gate.Core.Reports;

namespace Gate.Core.Tests.Repository;

/// <summary>
/// With <c>--base</c>, a dataset whose bytes the base vouches for (git reports its files unchanged,
/// its lock entry is the base's) is taken from the lock and the record store instead of scanned;
/// anything the change touches, or any doubt, is scanned. Each test here is a way a pull request
/// could try to pass data past the check through that shortcut.
/// </summary>
public sealed class VouchedDatasetsTests : IDisposable
{
    private const string Llama = "teacher: meta-llama/Llama-3.1-8B-Instruct\n";
    private readonly string _store = Path.Combine(Path.GetTempPath(), "gate-tests", Guid.NewGuid().ToString("N") + "-store");

    public void Dispose()
    {
        if (Directory.Exists(_store))
        {
            Directory.Delete(_store, recursive: true);
        }
    }

    private GateReport Check(TestRepo repo, bool rescan = false, string? store = "") =>
        GateRun.Check(new GateCheckOptions(repo.Root, TestRepo.Today) { Base = "HEAD", RecordStore = store == string.Empty ? _store : store, Rescan = rescan });

    private static void Lock(TestRepo repo) => GateRun.Lock(new GateCheckOptions(repo.Root, TestRepo.Today));

    /// <summary>Two datasets of a teacher from another family than the student's (no finding), locked and committed; the store filled by a first check.</summary>
    private TestRepo Base(string policyExtra = "", Action<TestRepo>? more = null)
    {
        var repo = new TestRepo();
        repo.Policy(Fixtures.Policy(policyExtra)).Dataset("a", Llama).Dataset("b", Llama);
        repo.Write("data/b.jsonl", "{\"prompt\":\"x\",\"completion\":\"11, 12\"}\n{\"prompt\":\"y\",\"completion\":\"13, 14\"}\n");
        more?.Invoke(repo);
        Lock(repo);
        repo.Commit();
        GateReport first = Check(repo);
        Assert.Equal(Verdict.Pass, first.Verdict);
        return repo;
    }

    private static ChangeSummary Changes(GateReport report) => report.Changes ?? throw new InvalidOperationException("no change summary");

    [Fact]
    public void Unchanged_datasets_are_taken_from_the_lock_once_the_store_holds_their_records_and_the_report_is_a_full_scans()
    {
        using TestRepo repo = Base();

        GateReport taken = Check(repo);
        GateReport scanned = Check(repo, rescan: true);

        Assert.Equal((0, 2), (Changes(taken).Scanned, Changes(taken).TakenFromBase));
        Assert.Equal((2, 0), (Changes(scanned).Scanned, Changes(scanned).TakenFromBase));
        Assert.Equal("--rescan", Changes(scanned).WhyNoneTakenFromBase);
        Assert.Equal(Verdict.Pass, taken.Verdict);
        Assert.Equal(scanned.Datasets.Select(d => (d.Path, d.Sha256, d.Bytes, d.Records)), taken.Datasets.Select(d => (d.Path, d.Sha256, d.Bytes, d.Records)));
        Assert.Contains("Scanned 0 datasets; 2 taken from the lock (unchanged since the base)\n", TextReportWriter.WriteToString(taken), StringComparison.Ordinal);
        Assert.Contains("\"scanned\": 0,\n    \"takenFromBase\": 2,", JsonReportWriter.WriteToString(taken), StringComparison.Ordinal);
    }

    [Fact]
    public void A_same_size_edit_without_a_new_lock_is_scanned_and_fails()
    {
        using TestRepo repo = Base();
        repo.Write("data/a.jsonl", "{\"prompt\":\"1, 2, 3\",\"completion\":\"4, 5, 7\"}\n");

        GateReport report = Check(repo);

        Assert.Equal((1, 1), (Changes(report).Scanned, Changes(report).TakenFromBase));
        Assert.Equal(Verdict.Fail, report.Verdict);
        Assert.Contains(report.Findings, f => f.Rule.Code == "GATE006" && f.Dataset == "data/a.jsonl");
    }

    [Fact]
    public void An_edit_hidden_from_git_by_an_index_flag_is_scanned()
    {
        using TestRepo repo = Base();
        repo.Git("update-index", "--assume-unchanged", "data/a.jsonl");
        repo.Write("data/a.jsonl", "{\"prompt\":\"1, 2, 3\",\"completion\":\"4, 5, 7\"}\n");

        GateReport report = Check(repo);

        Assert.Equal(0, Changes(report).TakenFromBase);
        Assert.Contains("assume-unchanged", Changes(report).WhyNoneTakenFromBase, StringComparison.Ordinal);
        Assert.Contains(report.Findings, f => f.Rule.Code == "GATE006" && f.Dataset == "data/a.jsonl");
    }

    [Fact]
    public void Records_taken_from_the_store_still_find_a_copy_in_a_dataset_the_change_adds()
    {
        using TestRepo repo = Base();
        // The change adds a dataset "written by" DeepSeek that copies b's records, written by Llama.
        repo.Write("data/c.jsonl", File.ReadAllText(repo.PathOf("data/b.jsonl"))).Write("data/c.lineage.yaml", "dataset: c.jsonl\nteacher: deepseek-ai/DeepSeek-R1\n");
        Lock(repo);

        GateReport report = Check(repo);

        Assert.Equal((1, 2), (Changes(report).Scanned, Changes(report).TakenFromBase));
        Assert.Contains(report.Findings, f => f.Rule.Code == "GATE007" && f.Dataset == "data/c.jsonl");
        Assert.Contains(report.Findings, f => f.Rule.Code == "GATE007" && f.Dataset == "data/b.jsonl");
    }

    [Fact]
    public void A_store_file_that_is_not_the_locks_is_never_used()
    {
        using TestRepo repo = Base();
        repo.Write("data/c.jsonl", File.ReadAllText(repo.PathOf("data/b.jsonl"))).Write("data/c.lineage.yaml", "dataset: c.jsonl\nteacher: deepseek-ai/DeepSeek-R1\n");
        Lock(repo);
        // A poisoned cache: b's records replaced by others under the same name, or cut short.
        string[] files = Directory.GetFiles(_store);
        foreach (string file in files)
        {
            byte[] bytes = File.ReadAllBytes(file);
            bytes[^1] ^= 0x5a;
            File.WriteAllBytes(file, bytes);
        }

        GateReport poisoned = Check(repo);
        foreach (string file in files)
        {
            File.WriteAllBytes(file, File.ReadAllBytes(file)[..^8]);
        }

        GateReport cut = Check(repo);

        foreach (GateReport report in new[] { poisoned, cut })
        {
            Assert.Equal((3, 0), (Changes(report).Scanned, Changes(report).TakenFromBase));
            Assert.Contains(report.Findings, f => f.Rule.Code == "GATE007" && f.Dataset == "data/c.jsonl");
        }

        Assert.Contains("is not the one the lock vouches for", Changes(poisoned).WhyNoneTakenFromBase, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lock_entry_the_change_edits_is_not_taken_even_with_a_store_file_that_matches_it()
    {
        using TestRepo repo = Base();
        // The change rewrites b's records digest in the lock to that of a's records, which the store holds.
        string lockText = File.ReadAllText(repo.PathOf("gate.lock.json"));
        string[] digests = [.. System.Text.RegularExpressions.Regex.Matches(lockText, "\"overlapRecords\": \"([0-9a-f]{64})\"").Select(m => m.Groups[1].Value)];
        Assert.Equal(2, digests.Length);
        repo.Write("gate.lock.json", lockText.Replace(digests[1], digests[0], StringComparison.Ordinal));

        GateReport report = Check(repo);

        Assert.Equal((1, 1), (Changes(report).Scanned, Changes(report).TakenFromBase));
        Assert.Contains(report.Findings, f => f.Rule.Code == "GATE006" && f.Dataset == "data/b.jsonl");
    }

    [Fact]
    public void A_file_read_through_a_link_is_scanned_since_git_reports_a_change_at_the_target()
    {
        using TestRepo repo = Base(more: r =>
        {
            // As long as the link's own text ("../elsewhere/x.jsonl"), so no size tells them apart.
            r.Write("elsewhere/x.jsonl", "{\"p\":\"123456789AB\"}\n").Write("data/l.lineage.yaml", "dataset: l.jsonl\n" + Llama);
            File.CreateSymbolicLink(r.PathOf("data/l.jsonl"), "../elsewhere/x.jsonl");
        });
        repo.Write("elsewhere/x.jsonl", "{\"p\":\"123456789AC\"}\n");

        GateReport report = Check(repo);

        Assert.Equal((1, 2), (Changes(report).Scanned, Changes(report).TakenFromBase));
        Assert.Contains(report.Findings, f => f.Rule.Code == "GATE006" && f.Dataset == "data/l.jsonl");
    }

    [Fact]
    public void A_file_added_to_a_folder_dataset_is_scanned()
    {
        using TestRepo repo = Base(more: r => r.Data("data/f/1.jsonl").Write("data/f.lineage.yaml", "dataset: f/\n" + Llama));
        repo.Write("data/f/2.jsonl", "{\"prompt\":\"new\",\"completion\":\"1\"}\n");

        GateReport report = Check(repo);

        Assert.Equal((1, 2), (Changes(report).Scanned, Changes(report).TakenFromBase));
        Assert.Contains(report.Findings, f => f.Rule.Code == "GATE006" && f.Dataset == "data/f");
    }

    [Fact]
    public void A_change_to_the_policy_or_to_gits_checkout_rules_takes_nothing_from_the_lock()
    {
        using TestRepo repo = Base();
        repo.Write("gate.yaml", File.ReadAllText(repo.PathOf("gate.yaml")) + "# reviewed\n");

        GateReport policy = Check(repo);
        repo.Git("checkout", "--", "gate.yaml");
        repo.Write(".gitattributes", "*.jsonl text eol=crlf\n");
        GateReport attributes = Check(repo);

        Assert.Equal((2, 0), (Changes(policy).Scanned, Changes(policy).TakenFromBase));
        Assert.Contains("the policy is not the base's", Changes(policy).WhyNoneTakenFromBase, StringComparison.Ordinal);
        Assert.Equal((2, 0), (Changes(attributes).Scanned, Changes(attributes).TakenFromBase));
        Assert.Contains("checkout rules", Changes(attributes).WhyNoneTakenFromBase, StringComparison.Ordinal);
    }

    [Fact]
    public void With_GATE006_below_an_error_the_base_vouches_for_nothing()
    {
        using TestRepo repo = Base("rules:\n  dataset-changed: warning\n");

        GateReport report = Check(repo);

        Assert.Equal((2, 0), (Changes(report).Scanned, Changes(report).TakenFromBase));
        Assert.Contains("GATE006 is not an error", Changes(report).WhyNoneTakenFromBase, StringComparison.Ordinal);
    }

    [Fact]
    public void Datasets_whose_content_a_rule_reads_beyond_the_lock_are_scanned()
    {
        using TestRepo repo = Base(more: r => r
            .Dataset("g", Llama + "generator-field: model\n")
            .Write("data/g.jsonl", "{\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"p\":1}\n")
            .Data("refs/base.jsonl")
            .Dataset("r", Llama + "reference: ../refs/base.jsonl\n"));

        GateReport report = Check(repo);

        Assert.Equal((2, 2), (Changes(report).Scanned, Changes(report).TakenFromBase));
    }

    [Fact]
    public void A_policy_whose_mitigations_can_clear_GATE006_vouches_for_nothing()
    {
        // The base could have passed with a stale entry its manifest claimed a mitigation for.
        using TestRepo repo = Base("mitigations:\n  relabelled:\n    clears: [dataset-changed]\n");

        GateReport report = Check(repo);

        Assert.Equal((2, 0), (Changes(report).Scanned, Changes(report).TakenFromBase));
        Assert.Contains("clears GATE006", Changes(report).WhyNoneTakenFromBase, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dataset_a_waiver_of_GATE006_covers_is_scanned()
    {
        const string Waiver = "waivers:\n  - rule: dataset-changed\n    dataset: data/a.jsonl\n    reason: regenerated nightly\n    approved-by: lead@example.com\n    expires: 2027-06-30\n";
        using TestRepo repo = Base(Waiver);

        GateReport report = Check(repo);

        Assert.Equal((1, 1), (Changes(report).Scanned, Changes(report).TakenFromBase));
    }

    [Fact]
    public void Without_a_store_every_dataset_is_scanned_unless_GATE007_is_off()
    {
        using TestRepo on = Base();
        using TestRepo off = Base("rules:\n  undeclared-teacher: off\n");

        GateReport withRecords = Check(on, store: null);
        GateReport withoutRecords = Check(off, store: null);

        Assert.Equal((2, 0), (Changes(withRecords).Scanned, Changes(withRecords).TakenFromBase));
        Assert.Contains("--cache", Changes(withRecords).WhyNoneTakenFromBase, StringComparison.Ordinal);
        Assert.Equal((0, 2), (Changes(withoutRecords).Scanned, Changes(withoutRecords).TakenFromBase));
    }

    [Fact]
    public async Task A_store_entry_that_is_a_pipe_a_folder_or_garbage_neither_blocks_nor_fails_the_check_and_garbage_is_written_again()
    {
        using TestRepo repo = Base();
        string[] files = [.. Directory.GetFiles(_store).Order(StringComparer.Ordinal)];
        Assert.Equal(2, files.Length);
        File.Delete(files[0]);
        var mkfifo = System.Diagnostics.Process.Start("mkfifo", [files[0]])!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        File.Delete(files[1]);
        Directory.CreateDirectory(files[1]);

        // A named pipe in the store must not block the check (WaitAsync throws a TimeoutException if it does).
        GateReport report = await Task.Run(() => Check(repo)).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal((2, 0), (Changes(report).Scanned, Changes(report).TakenFromBase));
        Directory.Delete(files[1]);
        File.Delete(files[0]);
        File.WriteAllText(files[0], "garbage");
        File.WriteAllText(files[1], "garbage");
        Assert.Equal((2, 0), (Changes(Check(repo)).Scanned, Changes(Check(repo, rescan: true)).TakenFromBase));
        Assert.Equal((0, 2), (Changes(Check(repo)).Scanned, Changes(Check(repo)).TakenFromBase));
    }

    [Fact]
    public void A_base_name_a_tag_and_a_branch_share_is_refused()
    {
        using TestRepo repo = Base();
        repo.Git("branch", "release");
        repo.Git("tag", "release");

        var error = Assert.Throws<GateInputException>(() => GateRun.Check(new GateCheckOptions(repo.Root, TestRepo.Today) { Base = "release", RecordStore = _store }));

        Assert.Contains("--base release: the name is ambiguous here (refs/tags/release, refs/heads/release)", error.Message, StringComparison.Ordinal);
        Assert.Equal(Verdict.Pass, GateRun.Check(new GateCheckOptions(repo.Root, TestRepo.Today) { Base = "refs/heads/release", RecordStore = _store }).Verdict);
    }

    [Fact]
    public void A_record_store_inside_the_checked_folder_is_refused()
    {
        using TestRepo repo = Base();

        var error = Assert.Throws<GateInputException>(() => Check(repo, store: repo.PathOf("cache")));

        Assert.Contains("the record store (--cache) would be written to '" + Path.Combine(repo.PathOf("cache"), "*.records") + "', inside the checked folder", error.Message, StringComparison.Ordinal);
    }
}
