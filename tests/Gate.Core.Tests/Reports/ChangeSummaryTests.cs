using Gate.Core.Diagnostics;
using Gate.Core.Reports;

namespace Gate.Core.Tests.Reports;

/// <summary>
/// <c>gate check --base REF</c> says what the change does against the lock committed at REF:
/// datasets added, changed (content, manifest, lineage) and removed, with their teachers and
/// students, recomputed from this checkout (never from the change's own lock). The verdict and the
/// findings are those of the check without it.
/// </summary>
public sealed class ChangeSummaryTests
{
    private static TestRepo Committed(bool locked = true)
    {
        var repo = new TestRepo();
        repo.Policy(Fixtures.Policy());
        repo.Dataset("a", "teacher: deepseek-ai/DeepSeek-R1\n").Dataset("b", "teacher: deepseek-ai/DeepSeek-R1\n").Dataset("c", "teacher: deepseek-ai/DeepSeek-R1\n");
        if (locked)
        {
            GateRun.Lock(new GateCheckOptions(repo.Root, TestRepo.Today));
        }

        return repo.Commit();
    }

    private static GateReport Check(TestRepo repo, string? reference = "HEAD") =>
        GateRun.Check(new GateCheckOptions(repo.Root, TestRepo.Today) { Base = reference });

    [Fact]
    public void Added_changed_and_removed_datasets_are_said_with_their_lineage()
    {
        using var repo = Committed();
        repo.Write("data/a.jsonl", "{\"prompt\":\"new content\",\"completion\":\"1\"}\n");
        repo.Write("data/b.lineage.yaml", "dataset: b.jsonl\nteacher: meta-llama/Llama-3.1-8B-Instruct\n");
        File.Delete(repo.PathOf("data/c.jsonl"));
        File.Delete(repo.PathOf("data/c.lineage.yaml"));
        repo.Dataset("d", "teacher: acme/owl-teacher\n");

        ChangeSummary changes = Check(repo).Changes!;

        Assert.True(changes.BaseHasLock);
        Assert.Matches("^[0-9a-f]{40}$", changes.Commit);
        Assert.Equal((1, 2, 1), (changes.Added, changes.Changed, changes.Removed));
        Assert.Equal(
            [
                ("data/a.jsonl", DatasetChangeKind.Changed, "content"),
                ("data/b.jsonl", DatasetChangeKind.Changed, "manifest|teachers deepseek-ai/DeepSeek-R1 [roots deepseek-ai/DeepSeek-V3-Base] → meta-llama/Llama-3.1-8B-Instruct [roots meta-llama/Llama-3.1-8B]"),
                ("data/c.jsonl", DatasetChangeKind.Removed, ""),
                ("data/d.jsonl", DatasetChangeKind.Added, ""),
            ],
            changes.Datasets.Select(d => (d.Path, d.Kind, string.Join("|", d.What))));
        Assert.Equal(["acme/owl-teacher"], changes.Datasets[3].Teachers);
        Assert.Equal(["acme/owl-student"], changes.Datasets[3].Students);
    }

    [Fact]
    public void The_verdict_and_findings_are_the_checks_without_it()
    {
        using var repo = Committed();
        repo.Dataset("d", "teacher: acme/owl-teacher\n");

        GateReport with = Check(repo);
        GateReport without = Check(repo, reference: null);

        Assert.Null(without.Changes);
        Assert.Equal(without.Verdict, with.Verdict);
        Assert.Equal(without.Findings.Select(f => (f.Rule.Code, f.Dataset, f.Message)), with.Findings.Select(f => (f.Rule.Code, f.Dataset, f.Message)));
        Assert.Contains("- adds `data/d.jsonl`, written by `acme/owl-teacher` for `acme/owl-student`", MarkdownReportWriter.WriteToString(with, 60_000), StringComparison.Ordinal);
        Assert.Contains("  + data/d.jsonl · teachers acme/owl-teacher · students acme/owl-student", TextReportWriter.WriteToString(with), StringComparison.Ordinal);
        Assert.Contains("\"changes\": {", JsonReportWriter.WriteToString(with), StringComparison.Ordinal);
        Assert.DoesNotContain("\"changes\"", JsonReportWriter.WriteToString(without), StringComparison.Ordinal);
    }

    [Fact]
    public void A_base_without_a_lock_adds_every_dataset()
    {
        using var repo = Committed(locked: false);

        ChangeSummary changes = Check(repo).Changes!;

        Assert.False(changes.BaseHasLock);
        Assert.Equal(3, changes.Added);
    }

    [Fact]
    public void The_changes_lock_is_not_believed_the_data_is_recomputed()
    {
        using var repo = Committed();
        string committedLock = File.ReadAllText(repo.PathOf("gate.lock.json"));
        repo.Write("data/a.jsonl", "{\"prompt\":\"changed, lock left as it was\",\"completion\":\"1\"}\n");
        File.WriteAllText(repo.PathOf("gate.lock.json"), committedLock);

        ChangeSummary changes = Check(repo).Changes!;

        Assert.Equal("data/a.jsonl", Assert.Single(changes.Datasets).Path);
    }

    [Theory]
    [InlineData("no-such-branch", "git knows no commit by that name")]
    [InlineData("--output=x", "git knows no commit by that name")]
    [InlineData("HEAD:gate.yaml", "git knows no commit by that name")]
    public void A_base_git_does_not_know_is_GATE110(string reference, string expected)
    {
        using var repo = Committed();

        InputError error = Assert.Single(Assert.Throws<GateInputException>(() => Check(repo, reference)).Errors);

        Assert.Equal(InputErrorKind.InvalidArgument, error.Kind);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_outside_any_clone_is_GATE110()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy()).Dataset("a", "teacher: deepseek-ai/DeepSeek-R1\n");

        InputError error = Assert.Single(Assert.Throws<GateInputException>(() => Check(repo)).Errors);

        Assert.Contains("not inside a git clone", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A folder of the change's that looks like a bare repository (its own HEAD, refs and objects) is never taken for the clone.</summary>
    [Fact]
    public void A_bare_repository_planted_in_the_checked_folder_is_not_read()
    {
        using var repo = new TestRepo();
        repo.Write("proj/gate.yaml", Fixtures.Policy()).Data("proj/data/x.jsonl").Write("proj/data/x.lineage.yaml", "dataset: x.jsonl\nteacher: deepseek-ai/DeepSeek-R1\n");
        GateRun.Lock(new GateCheckOptions(repo.PathOf("proj"), TestRepo.Today));
        repo.Commit();
        repo.Write("proj/data/y.jsonl", "{\"prompt\":\"y\",\"completion\":\"2\"}\n").Write("proj/data/y.lineage.yaml", "dataset: y.jsonl\nteacher: deepseek-ai/DeepSeek-R1\n");
        GateRun.Lock(new GateCheckOptions(repo.PathOf("proj"), TestRepo.Today));
        // The planted repository: git run in proj/ without pinning would read it as a bare one.
        repo.Git("init", "-q", "--bare", repo.PathOf("proj"));

        ChangeSummary changes = GateRun.Check(new GateCheckOptions(repo.PathOf("proj"), TestRepo.Today) { Base = "HEAD" }).Changes!;

        Assert.Equal("data/y.jsonl", Assert.Single(changes.Datasets, d => d.Kind == DatasetChangeKind.Added).Path);
    }

    [Fact]
    public void A_teacher_whose_ancestry_changed_is_a_lineage_change()
    {
        using var repo = Committed();
        repo.Policy(Fixtures.Policy().Replace("  - id: deepseek-ai/DeepSeek-R1\n    base: deepseek-ai/DeepSeek-V3-Base", "  - id: deepseek-ai/DeepSeek-R1\n    base: meta-llama/Llama-3.1-8B", StringComparison.Ordinal));

        ChangeSummary changes = Check(repo).Changes!;

        Assert.Equal(3, changes.Changed);
        Assert.Contains("teachers deepseek-ai/DeepSeek-R1 [roots deepseek-ai/DeepSeek-V3-Base] → deepseek-ai/DeepSeek-R1 [roots meta-llama/Llama-3.1-8B]", changes.Datasets[0].What);
    }

    [Fact]
    public void With_every_content_rule_off_the_description_reads_nothing_more_than_the_check()
    {
        using var repo = Committed();
        repo.Policy(Fixtures.Policy("rules:\n  dataset-changed: off\n  undeclared-teacher: off\n  divergence: off\n"));
        repo.Write("gate.lock.json", "not a lock the check would read\n");
        repo.Write("data/a.lineage.yaml", "dataset: a.jsonl\nteacher: meta-llama/Llama-3.1-8B-Instruct\n");

        GateReport with = Check(repo);
        GateReport without = Check(repo, reference: null);

        Assert.Equal(without.Verdict, with.Verdict);
        Assert.False(with.Changes!.ContentCompared);
        Assert.Equal(["manifest", "teachers deepseek-ai/DeepSeek-R1 [roots deepseek-ai/DeepSeek-V3-Base] → meta-llama/Llama-3.1-8B-Instruct [roots meta-llama/Llama-3.1-8B]"],
            Assert.Single(with.Changes.Datasets).What);
        Assert.Contains("content not compared", TextReportWriter.WriteToString(with), StringComparison.Ordinal);
    }
}
