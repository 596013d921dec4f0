using Gate.Core.Reports;
using Gate.Core.Rules;

namespace Gate.Core.Tests.Reports;

/// <summary>
/// With <c>--base</c>, each finding is marked new in the change or already on the base: lineage
/// findings by evaluating the base's own policy, manifests and lock (written out from git), content
/// findings only when git shows that nothing they rest on changed. A doubt is "new"; the verdict
/// never depends on it.
/// </summary>
public sealed class BaseFindingsTests
{
    private static GateReport Check(TestRepo repo) =>
        GateRun.Check(new GateCheckOptions(repo.Root, TestRepo.Today) { Base = "HEAD" });

    private static void Lock(TestRepo repo) => GateRun.Lock(new GateCheckOptions(repo.Root, TestRepo.Today));

    private static FindingBaseline? Baseline(GateReport report, string code, string dataset) =>
        Assert.Single(report.Findings, f => f.Rule.Code == code && f.Dataset == dataset).Baseline;

    [Fact]
    public void A_dataset_the_change_adds_brings_its_findings_and_the_others_were_on_the_base()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy()).Dataset("a", "teacher: acme/owl-teacher\n");
        Lock(repo);
        repo.Commit();
        repo.Write("data/d.jsonl", "{\"prompt\":\"other\",\"completion\":\"7\"}\n").Write("data/d.lineage.yaml", "dataset: d.jsonl\nteacher: acme/owl-teacher\n");
        Lock(repo);

        GateReport report = Check(repo);

        Assert.Equal(FindingBaseline.Unchanged, Baseline(report, "GATE001", "data/a.jsonl"));
        Assert.Equal(FindingBaseline.New, Baseline(report, "GATE001", "data/d.jsonl"));
        Assert.Null(report.Changes!.FindingsNotCompared);
        string text = TextReportWriter.WriteToString(report);
        Assert.Contains("Findings: 1 new in this change, 1 already on the base\n", text, StringComparison.Ordinal);
        Assert.Contains("· shared Qwen/Qwen2.5-7B-Instruct · NEW in this change\n", text, StringComparison.Ordinal);
        Assert.Contains("· shared Qwen/Qwen2.5-7B-Instruct · already on the base\n", text, StringComparison.Ordinal);
        string markdown = MarkdownReportWriter.WriteToString(report, 60_000);
        Assert.Contains("**1 finding(s) new in this change** (🆕 below), 1 already on the base.", markdown, StringComparison.Ordinal);
        Assert.Contains("| ❌ error 🆕 | GATE001 | shared-init | `data/d.jsonl` |", markdown, StringComparison.Ordinal);
        Assert.True(markdown.IndexOf("`data/d.jsonl` |", StringComparison.Ordinal) < markdown.IndexOf("`data/a.jsonl` |", StringComparison.Ordinal), "new findings lead the table");
        string json = JsonReportWriter.WriteToString(report);
        Assert.Contains("\"newFindings\": 1,\n    \"findingsOnBase\": 1,", json, StringComparison.Ordinal);
        Assert.Contains("\"baseline\": \"new\"", json, StringComparison.Ordinal);
        Assert.Contains("\"baseline\": \"unchanged\"", json, StringComparison.Ordinal);
        string sarif = SarifWriter.WriteToString(report, ReportPaths.Relative);
        Assert.Contains("\"baselineState\": \"new\"", sarif, StringComparison.Ordinal);
        Assert.Contains("\"baselineState\": \"unchanged\"", sarif, StringComparison.Ordinal);
        Assert.DoesNotContain("baseline", JsonReportWriter.WriteToString(GateRun.Check(new GateCheckOptions(repo.Root, TestRepo.Today))), StringComparison.Ordinal);
    }

    [Fact]
    public void A_failure_the_base_waived_is_new_when_the_change_removes_the_waiver()
    {
        const string Waiver = "waivers:\n  - rule: shared-init\n    dataset: data/a.jsonl\n    reason: reviewed\n    approved-by: lead@example.com\n    expires: 2027-06-30\n";
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy(Waiver)).Dataset("a", "teacher: acme/owl-teacher\n");
        Lock(repo);
        repo.Commit();

        Assert.Equal(FindingBaseline.Unchanged, Baseline(Check(repo), "GATE001", "data/a.jsonl"));

        repo.Policy(Fixtures.Policy());

        Assert.Equal(FindingBaseline.New, Baseline(Check(repo), "GATE001", "data/a.jsonl"));
    }

    [Fact]
    public void A_rule_the_change_turns_on_brings_its_findings()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy("rules:\n  shared-init: off\n")).Dataset("a", "teacher: acme/owl-teacher\n");
        Lock(repo);
        repo.Commit();
        repo.Policy(Fixtures.Policy());

        Assert.Equal(FindingBaseline.New, Baseline(Check(repo), "GATE001", "data/a.jsonl"));
    }

    [Fact]
    public void A_changed_lock_entry_is_on_the_base_only_when_nothing_it_rests_on_changed()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy()).Dataset("a", "teacher: deepseek-ai/DeepSeek-R1\n").Dataset("b", "teacher: deepseek-ai/DeepSeek-R1\n");
        Lock(repo);
        repo.Write("data/b.jsonl", "{\"prompt\":\"edited on the base, never locked\",\"completion\":\"1\"}\n");
        repo.Commit();
        repo.Write("data/a.jsonl", "{\"prompt\":\"edited by the change\",\"completion\":\"2\"}\n");

        GateReport report = Check(repo);

        Assert.Equal(FindingBaseline.New, Baseline(report, "GATE006", "data/a.jsonl"));
        Assert.Equal(FindingBaseline.Unchanged, Baseline(report, "GATE006", "data/b.jsonl"));

        // Whatever else a content finding rests on: the policy's bytes, the manifest, the lock entry.
        repo.Policy(Fixtures.Policy() + "# a comment\n");
        Assert.Equal(FindingBaseline.New, Baseline(Check(repo), "GATE006", "data/b.jsonl"));
        repo.Policy(Fixtures.Policy());
        repo.Write("data/b.lineage.yaml", "dataset: b.jsonl\nteacher: deepseek-ai/DeepSeek-R1\n# edited\n");
        Assert.Equal(FindingBaseline.New, Baseline(Check(repo), "GATE006", "data/b.jsonl"));
        repo.Git("checkout", "-q", "--", "data/b.lineage.yaml");
        string lockText = File.ReadAllText(repo.PathOf("gate.lock.json"));
        repo.Write("gate.lock.json", lockText.Replace("\"records\": 1,", "\"records\": 9,", StringComparison.Ordinal));
        report = Check(repo);
        Assert.All(report.Findings.Where(f => f.Rule.Code == "GATE006"), f => Assert.Equal(FindingBaseline.New, f.Baseline));
        repo.Write("gate.lock.json", lockText);
        Assert.Equal(FindingBaseline.Unchanged, Baseline(Check(repo), "GATE006", "data/b.jsonl"));
    }

    [Fact]
    public void An_overlap_is_on_the_base_only_when_the_change_does_nothing_but_remove_datasets()
    {
        using var repo = new TestRepo();
        // The same records under two teachers: each dataset overlaps the other's (GATE007).
        repo.Policy(Fixtures.Policy()).Dataset("a", "teacher: deepseek-ai/DeepSeek-R1\n").Dataset("b", "teacher: meta-llama/Llama-3.1-8B-Instruct\n");
        repo.Write("data/c.jsonl", "{\"prompt\":\"unrelated\",\"completion\":\"3\"}\n").Write("data/c.lineage.yaml", "dataset: c.jsonl\nteacher: deepseek-ai/DeepSeek-R1\n");
        Lock(repo);
        repo.Commit();

        void Expect(FindingBaseline expected)
        {
            GateReport report = Check(repo);
            Assert.Equal(expected, Baseline(report, "GATE007", "data/a.jsonl"));
            Assert.Equal(expected, Baseline(report, "GATE007", "data/b.jsonl"));
        }

        Expect(FindingBaseline.Unchanged);

        // A removal can only lower an overlap.
        File.Delete(repo.PathOf("data/c.jsonl"));
        File.Delete(repo.PathOf("data/c.lineage.yaml"));
        Lock(repo);
        Expect(FindingBaseline.Unchanged);

        // Anything else may bring one: a dataset added, or a file the registry could read (a model card, say).
        repo.Write("data/d.jsonl", "{\"prompt\":\"another\",\"completion\":\"4\"}\n").Write("data/d.lineage.yaml", "dataset: d.jsonl\nteacher: deepseek-ai/DeepSeek-R1\n");
        Lock(repo);
        Expect(FindingBaseline.New);
        repo.Git("reset", "-q", "--hard");
        repo.Git("clean", "-q", "-fdx");
        repo.Write("models/README.md", "notes\n");
        Expect(FindingBaseline.New);
    }

    [Fact]
    public void Before_the_base_had_a_policy_every_finding_is_new()
    {
        using var repo = new TestRepo();
        repo.Write("README.md", "data to come\n").Commit();
        repo.Policy(Fixtures.Policy()).Dataset("a", "teacher: acme/owl-teacher\n");
        Lock(repo);

        GateReport report = Check(repo);

        Assert.NotEmpty(report.Findings);
        Assert.All(report.Findings, f => Assert.Equal(FindingBaseline.New, f.Baseline));
    }

    /// <summary>A base commit made by hand (git mktree accepts it) whose tree names a file "..": written out, it would land outside the base's folder.</summary>
    [Theory]
    [InlineData("..")]
    [InlineData(".git")]
    [InlineData(".GIT")]
    public void A_base_holding_a_path_that_leaves_its_folder_is_not_written_out(string name)
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy()).Dataset("a", "teacher: acme/owl-teacher\n");
        Lock(repo);
        repo.Commit();
        string blob = repo.GitWithInput("planted\n", "hash-object", "-w", "--stdin").Trim();
        string data = repo.Git("ls-tree", "HEAD", "data").Split('\t')[0].Split(' ')[2];
        string inner = repo.GitWithInput($"100644 blob {blob}\t{name}\n" + repo.Git("ls-tree", "HEAD:data"), "mktree").Trim();
        string tree = repo.GitWithInput(repo.Git("ls-tree", "HEAD").Replace(data, inner, StringComparison.Ordinal), "mktree").Trim();
        string commit = repo.Git("commit-tree", tree, "-m", "planted").Trim();

        GateReport report = GateRun.Check(new GateCheckOptions(repo.Root, TestRepo.Today) { Base = commit });

        Assert.Contains($"the base holds a path Gate will not write out ('data/{name}')", report.Changes!.FindingsNotCompared, StringComparison.Ordinal);
        Assert.All(report.Findings, f => Assert.Null(f.Baseline));
        Assert.Contains("Findings not compared with the base: ", TextReportWriter.WriteToString(report), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), "planted")));
    }

    /// <summary>A base whose data file was edited after its lock was written: the base already fails GATE006 on b.</summary>
    private static TestRepo StaleOnBase(string policyExtra = "")
    {
        var repo = new TestRepo();
        repo.Policy(Fixtures.Policy(policyExtra)).Dataset("a", "teacher: deepseek-ai/DeepSeek-R1\n").Dataset("b", "teacher: deepseek-ai/DeepSeek-R1\n");
        Lock(repo);
        repo.Write("data/b.jsonl", "{\"prompt\":\"edited on the base, never locked\",\"completion\":\"1\"}\n");
        return repo.Commit();
    }

    [Fact]
    public void A_change_to_git_checkout_rules_anywhere_leaves_every_finding_unmarked()
    {
        using var repo = StaleOnBase();
        Assert.Equal(FindingBaseline.Unchanged, Baseline(Check(repo), "GATE006", "data/b.jsonl"));

        // Line endings, ident, encodings and filters change the bytes a checkout holds without changing a blob.
        repo.Write("elsewhere/.gitattributes", "*.jsonl text eol=crlf\n");
        repo.Git("add", "-A");
        GateReport report = Check(repo);

        Assert.Null(Baseline(report, "GATE006", "data/b.jsonl"));
        Assert.Equal("the change edits git's checkout rules (.gitattributes, .gitmodules or .lfsconfig)", report.Changes!.FindingsNotCompared);
    }

    private const string Cards = "model-cards: [\"models/**/README.md\"]\n";

    [Fact]
    public void A_model_card_is_read_on_the_base_as_a_checkout_holds_it_whatever_its_size()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy(Cards)).Dataset("a", "teacher: acme/t\n");
        repo.Write("models/acme/t/README.md", "---\nbase_model: meta-llama/Llama-3.1-8B-Instruct\n---\n" + new string('x', 1_100_000) + "\n");
        Lock(repo);
        repo.Commit();
        Assert.DoesNotContain(Check(repo).Findings, f => f.Rule.Code == "GATE004");

        repo.Write("models/acme/t/README.md", "---\nlicense: mit\n---\n");

        Assert.Equal(FindingBaseline.New, Baseline(Check(repo), "GATE004", "data/a.jsonl"));
    }

    [Fact]
    public void A_file_the_change_edits_that_a_git_filter_writes_out_leaves_every_finding_unmarked()
    {
        using var repo = new TestRepo();
        repo.Git("init", "-q");
        repo.Git("config", "filter.fake.clean", "base64 -w0");
        repo.Git("config", "filter.fake.smudge", "base64 -d");
        repo.Write(".gitattributes", "models/** filter=fake\n");
        repo.Policy(Fixtures.Policy(Cards)).Dataset("a", "teacher: acme/t\n");
        repo.Write("models/acme/t/README.md", "---\nbase_model: meta-llama/Llama-3.1-8B-Instruct\n---\n");
        Lock(repo);
        repo.Commit();
        repo.Write("models/acme/t/README.md", "---\nlicense: mit\n---\n");

        GateReport report = Check(repo);

        Assert.Null(Baseline(report, "GATE004", "data/a.jsonl"));
        Assert.Contains("'models/acme/t/README.md', which the change edits, goes through a git filter", report.Changes!.FindingsNotCompared, StringComparison.Ordinal);
    }

    [Fact]
    public void A_content_finding_a_mitigation_cleared_on_the_base_is_new_when_the_change_makes_it_count()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy(Cards + "mitigations:\n  rewrite: { clears: [dataset-changed], requires: [rewriter] }\n"))
            .Dataset("a", "teacher: deepseek-ai/DeepSeek-R1\nmitigations:\n  - kind: rewrite\n    rewriter: acme/rw\n");
        repo.Write("models/acme/rw/README.md", "---\nbase_model: meta-llama/Llama-3.1-8B-Instruct\n---\n");
        Lock(repo);
        repo.Write("data/a.jsonl", "{\"prompt\":\"edited on the base\",\"completion\":\"2\"}\n");
        repo.Commit();
        Finding onBase = Assert.Single(Check(repo).Findings, f => f.Rule.Code == "GATE006");
        Assert.True(onBase.IsMitigated);
        Assert.Equal(FindingBaseline.Unchanged, onBase.Baseline);

        // The rewriter is now of the student's lineage, so the mitigation no longer holds.
        repo.Write("models/acme/rw/README.md", "---\nbase_model: Qwen/Qwen2.5-7B-Instruct\n---\n");
        Finding now = Assert.Single(Check(repo).Findings, f => f.Rule.Code == "GATE006");

        Assert.True(now.IsActive);
        Assert.Equal(FindingBaseline.New, now.Baseline);
    }

    [Fact]
    public void A_finding_the_change_raises_to_an_error_is_new()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy("rules:\n  shared-init: note\n")).Dataset("a", "teacher: acme/owl-teacher\n");
        Lock(repo);
        repo.Commit();
        repo.Policy(Fixtures.Policy());

        Assert.Equal(FindingBaseline.New, Baseline(Check(repo), "GATE001", "data/a.jsonl"));
    }

    [Fact]
    public void The_Hubs_answers_in_the_lock_are_part_of_what_a_content_finding_rests_on()
    {
        using var repo = StaleOnBase("hub: true\n");
        Assert.Equal(FindingBaseline.Unchanged, Baseline(Check(repo), "GATE006", "data/b.jsonl"));

        string renamed = "\"models\": [{\"id\": \"org/old-name\", \"status\": \"renamed\", \"revision\": null, \"bases\": [], \"relation\": null, \"renamedTo\": \"deepseek-ai/DeepSeek-R1\"}],";
        repo.Write("gate.lock.json", File.ReadAllText(repo.PathOf("gate.lock.json")).Replace("\"schema\": \"gate-lock/1\",", "\"schema\": \"gate-lock/1\",\n  " + renamed, StringComparison.Ordinal));

        Assert.Equal(FindingBaseline.New, Baseline(Check(repo), "GATE006", "data/b.jsonl"));
    }

    [Fact]
    public void A_dataset_read_through_a_link_is_new_whatever_git_says_of_its_own_paths()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy()).Data("data/shards/p1.jsonl").Write("data/shards.lineage.yaml", "dataset: shards\nteacher: deepseek-ai/DeepSeek-R1\n");
        repo.Write("store/p2.jsonl", "{\"prompt\":\"linked\",\"completion\":\"2\"}\n");
        File.CreateSymbolicLink(repo.PathOf("data/shards/p2.jsonl"), "../../store/p2.jsonl");
        Lock(repo);
        repo.Commit();
        File.AppendAllText(repo.PathOf("store/p2.jsonl"), "{\"prompt\":\"added through the link\",\"completion\":\"3\"}\n");

        GateReport report = Check(repo);

        // Never "on the base"; here the base itself holds the link, which Gate does not write out.
        Assert.NotEqual(FindingBaseline.Unchanged, Baseline(report, "GATE006", "data/shards"));
        Assert.Contains("the base holds a link ('data/shards/p2.jsonl')", report.Changes!.FindingsNotCompared, StringComparison.Ordinal);
    }

    [Fact]
    public void One_rule_saying_another_thing_of_the_same_dataset_is_a_new_finding()
    {
        const string Unknown = "  - id: acme/mystery\n    base: acme/unknown-a\n";
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy().Replace("models:\n", "models:\n" + Unknown, StringComparison.Ordinal)).Dataset("a", "teacher: acme/mystery\n");
        Lock(repo);
        repo.Commit();
        Assert.Equal(FindingBaseline.Unchanged, Baseline(Check(repo), "GATE004", "data/a.jsonl"));

        repo.Policy(Fixtures.Policy().Replace("models:\n", "models:\n" + Unknown.Replace("unknown-a", "unknown-b", StringComparison.Ordinal), StringComparison.Ordinal));

        Assert.Equal(FindingBaseline.New, Baseline(Check(repo), "GATE004", "data/a.jsonl"));
    }

    [Fact]
    public void A_base_git_cannot_read_whole_is_not_compared_and_the_check_stands()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy()).Dataset("a", "teacher: acme/owl-teacher\n");
        Lock(repo);
        repo.Commit();
        string data = repo.Git("rev-parse", "HEAD:data").Trim();
        string inner = repo.GitWithInput($"100644 blob {new string('1', 40)}\tmissing.txt\n" + repo.Git("ls-tree", "HEAD:data"), "mktree", "--missing").Trim();
        string tree = repo.GitWithInput(repo.Git("ls-tree", "HEAD").Replace(data, inner, StringComparison.Ordinal), "mktree").Trim();
        string commit = repo.Git("commit-tree", tree, "-m", "a tree naming an object the clone lacks").Trim();

        GateReport report = GateRun.Check(new GateCheckOptions(repo.Root, TestRepo.Today) { Base = commit });

        Assert.NotNull(report.Changes!.FindingsNotCompared);
        Assert.Equal(Verdict.Fail, report.Verdict);
    }

    [Fact]
    public void A_reason_quoting_a_huge_name_keeps_the_comment_within_its_limit()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy()).Dataset("a", "teacher: acme/owl-teacher\n");
        Lock(repo);
        repo.Commit();
        string blob = repo.GitWithInput("x\n", "hash-object", "-w", "--stdin").Trim();
        string tree = repo.GitWithInput($"100644 blob {blob}\t{new string('n', 70_000)}\n" + repo.Git("ls-tree", "HEAD"), "mktree").Trim();
        string commit = repo.Git("commit-tree", tree, "-m", "a name no file system holds").Trim();

        GateReport report = GateRun.Check(new GateCheckOptions(repo.Root, TestRepo.Today) { Base = commit });

        Assert.InRange(report.Changes!.FindingsNotCompared!.Length, 1, 301);
        Assert.DoesNotContain(Path.GetTempPath(), report.Changes.FindingsNotCompared, StringComparison.Ordinal);
        Assert.True(MarkdownReportWriter.WriteToString(report, MarkdownReportWriter.CommentLimit).Length <= MarkdownReportWriter.CommentLimit);
    }

    [Fact]
    public void A_policy_reached_past_a_link_to_the_checked_folder_is_never_taken_for_one_outside_the_change()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy("rules:\n  shared-init: off\n")).Dataset("a", "teacher: acme/owl-teacher\n");
        Lock(repo);
        repo.Commit();
        repo.Policy(Fixtures.Policy());
        string link = repo.Root + "-link";
        Directory.CreateSymbolicLink(link, repo.Root);
        try
        {
            // The folder through the link, the policy by its real path: by their paths the policy is outside the clone.
            GateReport report = GateRun.Check(new GateCheckOptions(link, TestRepo.Today) { Base = "HEAD", PolicyPath = repo.PathOf("gate.yaml") });

            Assert.NotEqual(FindingBaseline.Unchanged, Baseline(report, "GATE001", "data/a.jsonl"));
            Assert.Contains("a link is on the way", report.Changes!.FindingsNotCompared, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(link);
        }
    }

    [Theory]
    [InlineData("--skip-worktree")]
    [InlineData("--assume-unchanged")]
    public void A_file_git_is_told_not_to_compare_leaves_every_finding_unmarked(string flag)
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy("rules:\n  shared-init: off\n")).Dataset("a", "teacher: acme/owl-teacher\n");
        Lock(repo);
        repo.Commit();
        repo.Git("update-index", flag, "gate.yaml");
        repo.Policy(Fixtures.Policy());

        GateReport report = Check(repo);

        Assert.Null(Baseline(report, "GATE001", "data/a.jsonl"));
        Assert.Equal("git's index marks 'gate.yaml' assume-unchanged or skip-worktree, so git does not compare it with the checkout", report.Changes!.FindingsNotCompared);
    }

    [Fact]
    public void A_large_adapter_card_is_read_on_the_base_with_its_content()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy("model-cards: [\"models/**/adapter_config.json\"]\n")).Dataset("a", "teacher: acme/owl-teacher\n");
        repo.Write("models/acme/adapter/adapter_config.json", "{\"base_model_name_or_path\": \"meta-llama/Llama-3.1-8B-Instruct\"" + new string(' ', 1_100_000) + "}\n");
        Lock(repo);
        repo.Commit();
        repo.Write("data/d.jsonl", "{\"prompt\":\"other\",\"completion\":\"7\"}\n").Write("data/d.lineage.yaml", "dataset: d.jsonl\nteacher: acme/owl-teacher\n");
        Lock(repo);

        GateReport report = Check(repo);

        Assert.Null(report.Changes!.FindingsNotCompared);
        Assert.Equal(FindingBaseline.Unchanged, Baseline(report, "GATE001", "data/a.jsonl"));
    }

    [Fact]
    public void A_submodule_under_the_checked_folder_leaves_every_finding_unmarked()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy()).Dataset("a", "teacher: acme/owl-teacher\n");
        Lock(repo);
        repo.Commit();
        // A gitlink: git compares the commit it names, never the files Gate reads in it.
        repo.Git("update-index", "--add", "--cacheinfo", $"160000,{repo.Git("rev-parse", "HEAD").Trim()},models");

        GateReport report = Check(repo);

        Assert.Null(Baseline(report, "GATE001", "data/a.jsonl"));
        Assert.Equal("'models' is a submodule, whose files git does not compare here", report.Changes!.FindingsNotCompared);
    }

    [Fact]
    public void A_large_card_with_a_data_format_is_never_taken_for_the_bases_empty_data()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy("model-cards: [\"models/**/card.txt\"]\n")).Dataset("a", "teacher: acme/t\n");
        repo.Write("models/acme/t/card.txt", "---\nbase_model: meta-llama/Llama-3.1-8B-Instruct\n---\n" + string.Concat(Enumerable.Repeat("filler line of prose\n", 60_000)));
        Lock(repo);
        repo.Commit();
        repo.Write("models/acme/t/card.txt", "---\nlicense: mit\n---\n" + string.Concat(Enumerable.Repeat("filler line of prose\n", 60_000)));

        GateReport report = Check(repo);

        Assert.NotEqual(FindingBaseline.Unchanged, Baseline(report, "GATE004", "data/a.jsonl"));
        Assert.Contains("'models/acme/t/card.txt' is over 1 MiB with a data format but no dataset's data there", report.Changes!.FindingsNotCompared, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_git_neither_tracks_nor_reports_leaves_every_finding_unmarked()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy()).Data("data/shards/A.jsonl").Write("data/shards.lineage.yaml", "dataset: shards\nteacher: deepseek-ai/DeepSeek-R1\n");
        Lock(repo);
        repo.Commit();
        // A clone configured as case-insensitive on a case-sensitive file system: git hides a.jsonl beside A.jsonl.
        repo.Git("config", "core.ignoreCase", "true");
        repo.Write("data/shards/a.jsonl", "{\"prompt\":\"hidden from git\",\"completion\":\"2\"}\n");

        GateReport report = Check(repo);

        Assert.NotEqual(FindingBaseline.Unchanged, Baseline(report, "GATE006", "data/shards"));
        Assert.Equal("git neither tracks nor reports 'data/shards/a.jsonl', which the check reads", report.Changes!.FindingsNotCompared);
    }

    [Fact]
    public void An_edit_that_keeps_a_files_size_and_time_is_never_taken_for_the_base()
    {
        // git is blind to the edit only when its change time falls in the second the index recorded
        // (git compares change times to the second here): on a busy machine a second may pass
        // between, and git then reports the edit itself. Tried until git is blind once.
        for (int attempt = 0; attempt < 8; attempt++)
        {
            using var repo = new TestRepo();
            repo.Policy(Fixtures.Policy("rules:\n  shared-init: off  \n")).Dataset("a", "teacher: acme/owl-teacher\n");
            Lock(repo);
            repo.Git("init", "-q");
            repo.Git("config", "core.checkStat", "minimal");
            repo.Git("config", "core.trustctime", "false");
            // Written an hour before the commit, so git's index holds it as settled (not "racily clean").
            DateTime written = DateTime.UtcNow.AddHours(-1);
            File.SetLastWriteTimeUtc(repo.PathOf("gate.yaml"), written);
            repo.Commit();
            repo.Policy(Fixtures.Policy("rules:\n  shared-init: error\n"));
            File.SetLastWriteTimeUtc(repo.PathOf("gate.yaml"), written);

            GateReport report = Check(repo);
            Assert.NotEqual(FindingBaseline.Unchanged, Baseline(report, "GATE001", "data/a.jsonl"));
            if (report.Changes!.FindingsNotCompared is { } why)
            {
                // git reported nothing; the file copied as the base's was checked against the base's object.
                Assert.Equal("the checkout's 'gate.yaml' differs from the base's though git reports it unchanged", why);
                return;
            }
        }

        Assert.Fail("git saw the edit on every attempt, so the check against the base's object was never needed");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_file_system_monitor_the_clone_configures_is_not_asked()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy()).Dataset("a", "teacher: deepseek-ai/DeepSeek-R1\n");
        // Over 1 MiB: written out empty as the base's data, so only git's account of the change covers it.
        repo.Write("data/a.jsonl", string.Concat(Enumerable.Range(0, 30_000).Select(i => $"{{\"prompt\":\"q {i:D5}\",\"completion\":\"a\"}}\n")));
        Lock(repo);
        repo.Commit();
        // A monitor that always answers "nothing changed".
        repo.Write(".git/fsmonitor.sh", "#!/bin/sh\nprintf 'token\\0'\n");
        File.SetUnixFileMode(repo.PathOf(".git/fsmonitor.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        repo.Git("config", "core.fsmonitor", repo.PathOf(".git/fsmonitor.sh"));
        repo.Git("status", "--short");
        repo.Write("data/a.jsonl", File.ReadAllText(repo.PathOf("data/a.jsonl")).Replace("\"q 00005\"", "\"Q 00005\"", StringComparison.Ordinal));

        Assert.Equal(FindingBaseline.New, Baseline(Check(repo), "GATE006", "data/a.jsonl"));
    }

    [Fact]
    public void A_name_that_starts_with_a_quote_is_handed_to_git_as_a_name()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy()).Dataset("a", "teacher: acme/owl-teacher\n").Write("\"notes.md", "a file whose name starts with a quote\n");
        Lock(repo);
        repo.Commit();
        repo.Write("data/d.jsonl", "{\"prompt\":\"other\",\"completion\":\"7\"}\n").Write("data/d.lineage.yaml", "dataset: d.jsonl\nteacher: acme/owl-teacher\n");
        Lock(repo);

        GateReport report = Check(repo);

        Assert.Null(report.Changes!.FindingsNotCompared);
        Assert.Equal(FindingBaseline.Unchanged, Baseline(report, "GATE001", "data/a.jsonl"));
    }
}
